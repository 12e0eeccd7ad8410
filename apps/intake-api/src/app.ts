import { httpInstrumentationMiddleware } from "@hono/otel";
import type { RedisClient } from "@mistflow/config";
import type { BatchStore, DecommissionStore, DeploymentLifecycle, ImportStore } from "@mistflow/deployments";
import type { IpamAllocator, IpamConfig } from "@mistflow/ipam";
import type { Logger } from "@mistflow/logger";
import type { TokenPool } from "@mistflow/mist-client";
import type { Queue } from "bullmq";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { type AuthDeps, requireScope } from "./auth";
import { adminAuth, mountBoard } from "./board";
import { ApiError, onError } from "./errors";
import { openapiRoutes } from "./openapi";
import type { RolloutDeps } from "./rollouts";
import type { DriftRouteDeps } from "./routes";
import {
  batchRoutes,
  blueprintRoutes,
  decommissionRoutes,
  deploymentActionRoutes,
  deploymentEventRoutes,
  deploymentRoutes,
  driftRoutes,
  type EventStreamOptions,
  healthRoutes,
  importRoutes,
  ipamRoutes,
  legacyRoutes,
  metricsRoutes,
  orgRoutes,
  type PskRotationDeps,
  planRoutes,
  pskRotationRoutes,
  rolloutRoutes,
  siteDecommissionRoutes,
  siteHealthRoutes,
  upgradeRoutes,
  webhookRoutes,
} from "./routes";
import type { SubmitDeps } from "./submit";
import type { UpgradeDeps } from "./upgrades";
import type { DeliveryDedup, WebhookSources } from "./webhooks";

export interface AppDeps extends SubmitDeps {
  redis: RedisClient;
  log: Logger;
  bodyLimitBytes: number;
  legacyBlueprint: string;
  board?: { queues: Queue[]; username: string; password: string };
  /** Mist tokens, for the connection probe; the API itself never calls Mist otherwise. */
  mist?: TokenPool;
  ipam?: { allocator: IpamAllocator; config: IpamConfig };
  /** Ticketing sources from `WEBHOOKS_CONFIG_FILE`; without them `/v1/webhooks/*` is 404. */
  webhooks?: { sources: WebhookSources; dedup: DeliveryDedup };
  /**
   * API keys with scopes. Without them the API is open, which is for a laptop only: the server
   * logs a warning at start-up.
   */
  auth?: AuthDeps;
  /** Queues whose depth `/metrics` exports (Prometheus text; KEDA scales workers on it). */
  metricsQueues?: Queue[];
  /** Key prefix of the totals the workers flush to Redis, rendered on `/metrics` with the queues. */
  metricsPrefix?: string;
  /** A server span per request (OpenTelemetry); only when the process started the SDK. */
  tracing?: boolean;
  /** `POST /v1/deployments/batch` and `GET /v1/batches/:id`. */
  batches?: BatchStore;
  /** Retry and cancel: the record transitions and the step queues whose jobs they remove. */
  lifecycle?: { transitions: DeploymentLifecycle; queues: Queue[] };
  /** Polling and heartbeat of `GET /v1/deployments/:id/events`. */
  events?: EventStreamOptions;
  /** Firmware rollouts (`/v1/upgrades`): their record store, the flow producer and the day2 queue. */
  upgrades?: Omit<UpgradeDeps, "mist">;
  /** Drift reports (`/v1/drift`): the scheduled reports, and the steps' catalogue a converge clears. */
  drift?: DriftRouteDeps["drift"];
  /** Blueprint rollouts (`/v1/rollouts`): their record store, the flow producer and the rollouts queue. */
  rollouts?: RolloutDeps;
  /** PSK rotation (`/v1/psk-rotations`): history store, the day2 queue, the configured sink names. */
  pskRotations?: Omit<PskRotationDeps, "admin" | "adminName">;
  /**
   * Site decommissions (`POST /v1/sites/:id/decommission`, `/v1/decommissions`): their record
   * store and the IP quarantine used when a request names none.
   */
  decommissions?: { store: DecommissionStore; quarantineSeconds?: number };
  /** Brownfield imports (`/v1/imports`): imports and the site adoptions they make. */
  imports?: ImportStore;
  /** Default SLE threshold of `GET /v1/sites/:id/health` (`ASSURANCE_THRESHOLD`); 0.90 when absent. */
  assuranceThreshold?: number;
}

/** Pure wiring: no listening socket, no env, so tests can drive it with `app.request()`. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(onError(deps.log));
  app.notFound((c) =>
    c.json({ error: "not_found", message: `no route for ${c.req.method} ${c.req.path}` }, 404),
  );
  // First, so the span covers every other middleware and carries the trace into the flow's jobs.
  if (deps.tracing) app.use("*", httpInstrumentationMiddleware({ serviceName: "intake-api" }));
  app.use("*", secureHeaders());
  const limit = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `body: larger than ${deps.bodyLimitBytes} bytes`, [
        { field: "body", message: `larger than ${deps.bodyLimitBytes} bytes` },
      ]);
    },
  });
  app.use("/v1/*", limit);
  app.use("/orchestrator/*", limit);

  if (deps.auth) {
    // Webhooks are not here: they prove themselves with signatures, not keys.
    app.on(
      "POST",
      [
        "/v1/deployments",
        "/v1/deployments/*",
        "/orchestrator/*",
        "/v1/upgrades",
        "/v1/upgrades/*",
        "/v1/blueprints/*",
        "/v1/rollouts/*",
        "/v1/drift/converge",
      ],
      requireScope(deps.auth, "deployments:write"),
    );
    app.on(
      "GET",
      [
        "/v1/deployments",
        "/v1/deployments/*",
        "/v1/ipam/*",
        "/v1/orgs/*",
        "/v1/batches/*",
        "/v1/upgrades",
        "/v1/upgrades/*",
        "/v1/sites/*",
        "/v1/blueprints",
        "/v1/blueprints/*",
        "/v1/rollouts",
        "/v1/rollouts/*",
        "/v1/drift",
        "/v1/drift/last",
      ],
      requireScope(deps.auth, "read"),
    );
    app.on("DELETE", "/v1/ipam/*", requireScope(deps.auth, "admin"));
    // A decommission can delete a site and release devices: an operator's action.
    app.on(
      "POST",
      ["/v1/sites/:site_id/decommission", "/v1/decommissions/*", "/v1/imports"],
      requireScope(deps.auth, "admin"),
    );
    app.on(
      "GET",
      ["/v1/decommissions", "/v1/decommissions/*", "/v1/imports", "/v1/imports/*"],
      requireScope(deps.auth, "read"),
    );
    // Rotation cuts off every client still on the old passphrase when the overlap ends and sends
    // a secret out: an operator's action, not a deployment's, so admin rather than deployments:write.
    app.on(
      ["POST", "DELETE"],
      ["/v1/psk-rotations", "/v1/psk-rotations/*"],
      requireScope(deps.auth, "admin"),
    );
    app.on("GET", ["/v1/psk-rotations", "/v1/psk-rotations/*"], requireScope(deps.auth, "read"));
    // A dry run changes nothing, so reading is enough, although it is a POST.
    app.on("POST", "/v1/plan", requireScope(deps.auth, "read"));
  }

  app.route("/", healthRoutes(deps.redis));
  app.route("/", openapiRoutes());
  if (deps.metricsQueues)
    app.route(
      "/",
      metricsRoutes({
        queues: deps.metricsQueues,
        redis: deps.redis,
        ...(deps.metricsPrefix ? { prefix: deps.metricsPrefix } : {}),
        mist: deps.mist,
        drift: deps.drift?.reports,
      }),
    );
  app.route("/v1/deployments", deploymentRoutes(deps));
  app.route("/v1/deployments", deploymentEventRoutes(deps, deps.events));
  if (deps.batches) app.route("/v1", batchRoutes({ ...deps, batches: deps.batches }));
  if (deps.lifecycle)
    app.route(
      "/v1/deployments",
      deploymentActionRoutes({
        ...deps,
        lifecycle: deps.lifecycle.transitions,
        queues: new Map(deps.lifecycle.queues.map((q) => [q.name, q])),
      }),
    );
  app.route("/orchestrator", legacyRoutes(deps, deps.legacyBlueprint));
  app.route("/v1/orgs", orgRoutes(deps.mist));
  app.route(
    "/v1/sites",
    siteHealthRoutes({ mist: deps.mist, catalog: deps.catalog, threshold: deps.assuranceThreshold ?? 0.9 }),
  );
  app.route("/v1/plan", planRoutes(deps));
  if (deps.registry)
    app.route(
      "/v1/blueprints",
      blueprintRoutes({
        catalog: deps.catalog,
        registry: deps.registry,
        mist: deps.mist,
        rollouts: deps.rollouts,
        lint: deps.lint,
      }),
    );
  if (deps.rollouts) app.route("/v1/rollouts", rolloutRoutes(deps.rollouts));
  if (deps.drift) app.route("/v1/drift", driftRoutes({ ...deps, drift: deps.drift }));
  if (deps.upgrades) app.route("/v1/upgrades", upgradeRoutes({ ...deps.upgrades, mist: deps.mist }));
  if (deps.webhooks) app.route("/v1/webhooks", webhookRoutes({ ...deps, ...deps.webhooks }));
  // Operator actions (PSK rotation, IP block release, decommission): the admin scope was checked
  // above when the API has keys; without them, the admin login.
  const admin: MiddlewareHandler = deps.auth
    ? (_c, next) => next()
    : deps.board
      ? adminAuth(deps.board.username, deps.board.password)
      : () => {
          throw new ApiError(403, "forbidden", "admin credentials are not configured on this server");
        };
  const adminName = !deps.auth && deps.board ? deps.board.username : undefined;
  if (deps.decommissions) {
    const decommissionDeps = {
      store: deps.store,
      decommissions: deps.decommissions.store,
      flows: deps.flows,
      ...(deps.mist ? { mist: deps.mist } : {}),
      ...(deps.ipam ? { ipam: deps.ipam.allocator } : {}),
      ...(deps.upgrades ? { upgrades: deps.upgrades.store } : {}),
      ...(deps.rollouts ? { rollouts: deps.rollouts.store } : {}),
      ...(deps.imports ? { imports: deps.imports } : {}),
      ...(deps.decommissions.quarantineSeconds !== undefined
        ? { quarantineSeconds: deps.decommissions.quarantineSeconds }
        : {}),
      admin,
      ...(adminName ? { adminName } : {}),
    };
    app.route("/v1/sites", siteDecommissionRoutes(decommissionDeps));
    app.route("/v1/decommissions", decommissionRoutes(decommissionDeps));
  }
  if (deps.imports) {
    app.route(
      "/v1/imports",
      importRoutes({
        imports: deps.imports,
        store: deps.store,
        ...(deps.mist ? { mist: deps.mist } : {}),
        ...(deps.ipam ? { ipam: deps.ipam } : {}),
        admin,
      }),
    );
  }
  if (deps.pskRotations) {
    app.route(
      "/v1/psk-rotations",
      pskRotationRoutes({
        ...deps.pskRotations,
        admin,
        ...(adminName ? { adminName } : {}),
      }),
    );
  }
  if (deps.ipam) {
    app.route("/v1/ipam", ipamRoutes({ ...deps.ipam, admin }));
  }
  if (deps.board) mountBoard(app, { ...deps.board, ...(deps.auth ? { keyring: deps.auth.keyring } : {}) });
  return app;
}
