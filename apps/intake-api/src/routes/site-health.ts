import type { BlueprintCatalog } from "@mistflow/blueprints";
import {
  type AssuranceDefaults,
  judgeMetrics,
  overallVerdict,
  resolveAssurance,
  type SiteHealth,
  sleValuesOf,
} from "@mistflow/contracts";
import {
  isMistApiError,
  isMistForbiddenError,
  isMistNotFoundError,
  isMistRateLimitError,
  isNoTokenError,
  isRateLimitWaitError,
  type TokenPool,
} from "@mistflow/mist-client";
import { Hono } from "hono";
import { z } from "zod";
import { ApiError, fieldIssues, validationError } from "../errors";

const UNIT_S: Record<string, number> = { m: 60, h: 3_600, d: 86_400, w: 604_800 };

export const SiteHealthQuery = z.strictObject({
  org_id: z.uuid({ message: "must be the site's Mist org id (UUID)" }),
  /** How far back to look: `10m`, `1h`, `1d`, `1w` (Mist's duration form). */
  duration: z
    .string()
    .regex(/^[1-9]\d{0,3}[mhdw]$/, "must be a duration like 10m, 1h, 1d or 1w")
    .default("1h"),
  /** Judge with this blueprint's assurance thresholds instead of the server's default. */
  blueprint: z.string().trim().min(1).max(64).optional(),
});

export interface SiteHealthDeps {
  mist: TokenPool | undefined;
  catalog: BlueprintCatalog;
  /** The default threshold of every metric (`ASSURANCE_THRESHOLD`). */
  threshold: number;
}

/**
 * `GET /v1/sites/:site_id/health?org_id=…`: the site's Wi-Fi SLEs over the last `duration`, each
 * against its threshold, and one verdict, judged as the assurance step judges the end of its
 * soak window. Any site of an org the server holds a token for, deployed by mistflow or not.
 */
export function siteHealthRoutes(deps: SiteHealthDeps) {
  const app = new Hono();
  app.get("/:site_id/health", async (c) => {
    const siteId = c.req.param("site_id");
    const parsed = SiteHealthQuery.safeParse(c.req.query());
    const issues = parsed.success ? [] : fieldIssues(parsed.error);
    if (!z.uuid().safeParse(siteId).success)
      issues.unshift({ field: "site_id", message: "must be a Mist site id (UUID)" });
    if (!parsed.success || issues.length) throw validationError(issues);
    const { org_id: orgId, duration, blueprint: blueprintName } = parsed.data;

    let blueprintSettings: Parameters<typeof resolveAssurance>[1];
    if (blueprintName !== undefined) {
      const loaded = deps.catalog.get(blueprintName);
      if (!loaded) {
        throw validationError([{ field: "blueprint", message: `unknown blueprint "${blueprintName}"` }], 422);
      }
      blueprintSettings = loaded.blueprint.assurance;
    }
    if (!deps.mist) throw new ApiError(404, "not_found", "no Mist token is configured on this server");

    const defaults: AssuranceDefaults = { soakS: 1, pollS: 1, threshold: deps.threshold };
    const { thresholds } = resolveAssurance(defaults, blueprintSettings, undefined);
    const endS = Math.ceil(Date.now() / 1000);
    const startS = endS - Number(duration.slice(0, -1)) * (UNIT_S[duration.slice(-1)] ?? 3_600);
    try {
      const mist = await deps.mist.clientFor(orgId);
      // A site id of another org or a typo must not read as "no data".
      const site = await mist.sites.get(siteId);
      if (site.org_id && site.org_id !== orgId) {
        throw new ApiError(404, "not_found", `site ${siteId} is not in org ${orgId}`);
      }
      const rows = await mist.insights.orgSitesSle(orgId, { sle: "wifi", start: startS, end: endS });
      const metrics = judgeMetrics(sleValuesOf(rows.find((r) => r.site_id === siteId)), thresholds);
      const health: SiteHealth = {
        site_id: siteId,
        org_id: orgId,
        window: { start: startS, end: endS, duration },
        verdict: overallVerdict(metrics),
        metrics,
      };
      return c.json(health);
    } catch (e) {
      throw toApiError(e, siteId);
    }
  });
  return app;
}

/** Mist's answer, in the API's terms; never the token, only what Mist said. */
function toApiError(e: unknown, siteId: string): unknown {
  if (e instanceof ApiError) return e;
  if (isNoTokenError(e)) return new ApiError(404, "not_found", e.message);
  if (isMistNotFoundError(e)) return new ApiError(404, "not_found", `site ${siteId} not found in Mist`);
  if (isMistForbiddenError(e))
    return new ApiError(403, "forbidden", `the org's Mist token may not read site ${siteId}`);
  if (isRateLimitWaitError(e) || isMistRateLimitError(e))
    return new ApiError(503, "mist_rate_limited", "the Mist call budget is spent for now; retry later");
  if (isMistApiError(e)) return new ApiError(502, "mist_error", `Mist answered: ${e.message}`);
  return e;
}
