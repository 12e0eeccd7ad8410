import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { rateLimitDetail } from "../errors";
import { DEFAULT_UPGRADE_PHASE_MS } from "../firmware/firmware-settings";
import type { SimEnv } from "../http/types";
import { authMiddleware } from "../middleware/auth/auth-middleware";
import { faultMiddleware } from "../middleware/faults/fault-middleware";
import { DEFAULT_FAULT_SEED } from "../middleware/faults/fault-registry";
import { parseFaults } from "../middleware/faults/load-faults";
import { ledgerMiddleware } from "../middleware/ledger/ledger-middleware";
import { rateLimitMiddleware } from "../middleware/rate-limit/rate-limit-middleware";
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from "../middleware/rate-limit/rate-limiter";
import { sourceIpMiddleware } from "../org-policy/source-ip-middleware";
import { adminRoutes } from "../routes/admin/admin-routes";
import { collectionRoutes } from "../routes/collections/collection-routes";
import { SIMPLE_SPECS } from "../routes/collections/simple-specs";
import { SITEGROUP_SPEC } from "../routes/collections/sitegroup-spec";
import { deviceStatsRoutes } from "../routes/device-stats/device-stats-routes";
import { deviceprofileAssignRoutes } from "../routes/deviceprofiles/assign-routes";
import { DEVICEPROFILE_SPEC } from "../routes/deviceprofiles/deviceprofile-spec";
import { upgradeRoutes } from "../routes/firmware/upgrade-routes";
import { versionRoutes } from "../routes/firmware/version-routes";
import { inventoryRoutes } from "../routes/inventory/inventory-routes";
import { marvisConfigRoutes } from "../routes/marvis-configs/marvis-config-routes";
import { orgSettingRoutes } from "../routes/org-setting/org-setting-routes";
import { pskRoutes } from "../routes/psks/psk-routes";
import { selfRoutes } from "../routes/self/self-routes";
import { siteDeviceRoutes } from "../routes/site-devices/site-device-routes";
import { settingRoutes } from "../routes/site-settings/setting-routes";
import { siteRoutes } from "../routes/sites/site-routes";
import { orgSleRoutes } from "../routes/sle/org-sle-routes";
import { siteSleRoutes } from "../routes/sle/site-sle-routes";
import { DEFAULT_SEED } from "../seed/default-seed";
import { parseSeed } from "../seed/load-seed";
import { DEFAULT_SLE_CONFIG } from "../sle/sle-store";
import { SimState } from "../state/sim-state";
import { handleError, handleNotFound } from "./error-handler";
import type { SimOptions } from "./sim-options";

/** Mist payloads are small; this only stops a runaway client from exhausting memory. */
const MAX_API_BODY_BYTES = 10 * 1024 * 1024;
/** Snapshots of a big world can be large. */
const MAX_ADMIN_BODY_BYTES = 200 * 1024 * 1024;

function limitBody(maxSize: number) {
  return bodyLimit({ maxSize, onError: (c) => c.json({ detail: "Request body too large." }, 413) });
}

function checkRateLimit(config: RateLimitConfig | false): RateLimitConfig | false {
  if (config === false) return false;
  if (
    !Number.isInteger(config.perWindow) ||
    config.perWindow < 1 ||
    !Number.isInteger(config.windowMs) ||
    config.windowMs < 1
  ) {
    throw new RangeError(`rateLimit needs positive integers, got ${JSON.stringify(config)}`);
  }
  return config;
}

function checkPhaseMs(ms: number): number {
  if (!Number.isInteger(ms) || ms < 1)
    throw new RangeError(`upgradePhaseMs must be a positive integer, got ${ms}`);
  return ms;
}

/**
 * Build the simulator without opening a socket (use `app.fetch` / `app.request`, or `startSim`).
 * /api/v1 requests pass ledger → auth → rate limit → source-IP policy → faults → routes; /__sim is the harness API.
 */
export function createSimApp(opts: SimOptions = {}): { app: Hono; state: SimState } {
  const clock = opts.clock ?? Date.now;
  const state = new SimState({
    seed: parseSeed(opts.seed ?? DEFAULT_SEED),
    rateLimit: checkRateLimit(opts.rateLimit ?? DEFAULT_RATE_LIMIT),
    faultSeed: opts.faultSeed ?? DEFAULT_FAULT_SEED,
    clock,
    faults: parseFaults(opts.faults ?? [], "SimOptions.faults"),
    upgradePhaseMs: checkPhaseMs(opts.upgradePhaseMs ?? DEFAULT_UPGRADE_PHASE_MS),
    sle: { ...DEFAULT_SLE_CONFIG, ...opts.sle },
  });
  const limitText = () => {
    const config = state.rateLimiter.current || DEFAULT_RATE_LIMIT;
    return rateLimitDetail(config.perWindow, config.windowMs);
  };

  const api = new Hono<SimEnv>();
  api.use("*", ledgerMiddleware(state.ledger, clock));
  api.use("*", limitBody(MAX_API_BODY_BYTES));
  api.use(
    "*",
    authMiddleware((value) => state.tokens.get(value)),
  );
  api.use("*", rateLimitMiddleware(state.rateLimiter));
  // After the rate limit: Mist counts a refused call against the token's hour like any other (assumed).
  api.use("*", sourceIpMiddleware(state));
  api.use("*", faultMiddleware(state.faults, state.shutdownSignal, limitText));
  api.route("/", selfRoutes(state));
  api.route("/", siteRoutes(state));
  api.route("/", settingRoutes(state));
  api.route("/", orgSettingRoutes(state));
  api.route("/", marvisConfigRoutes(state));
  // Before siteDeviceRoutes: `/devices/versions` and `/devices/upgrade` would match `/devices/:device_id`.
  api.route("/", versionRoutes(state));
  api.route("/", upgradeRoutes(state));
  api.route("/", siteDeviceRoutes(state));
  api.route("/", deviceStatsRoutes(state));
  api.route("/", siteSleRoutes(state));
  api.route("/", orgSleRoutes(state));
  api.route("/", inventoryRoutes(state));
  api.route("/", pskRoutes(state));
  api.route("/", deviceprofileAssignRoutes(state));
  for (const spec of [...SIMPLE_SPECS, SITEGROUP_SPEC, DEVICEPROFILE_SPEC]) {
    api.route("/", collectionRoutes(state, spec));
  }

  const app = new Hono<SimEnv>();
  // Upgrades progress with the clock; write finished ones into the devices before anything reads them.
  app.use("*", async (_c, next) => {
    state.settle();
    await next();
  });
  app.use("/__sim/*", limitBody(MAX_ADMIN_BODY_BYTES));
  app.route("/__sim", adminRoutes(state));
  app.route("/api/v1", api);
  app.notFound(handleNotFound);
  app.onError(handleError);
  // The typed env only matters inside; callers get a plain Hono (fetch/request/route all work).
  return { app: app as unknown as Hono, state };
}
