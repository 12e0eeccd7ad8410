import { ConvergeRequest, type ConvergeTarget, type DriftReport } from "@mistflow/contracts";
import type { OrgCatalog } from "@mistflow/deployments";
import type { IpamAllocator, IpamConfig } from "@mistflow/ipam";
import type { TokenPool } from "@mistflow/mist-client";
import { checkDrift, type DriftStore, mistReader } from "@mistflow/plan";
import { Hono } from "hono";
import { z } from "zod";
import { ApiError, fieldIssues, mistReadError, validationError } from "../errors";
import { type SubmitDeps, submitDeployment } from "../submit";
import { readJson } from "./read-json";

export interface DriftRouteDeps extends SubmitDeps {
  mist?: TokenPool | undefined;
  ipam?: { allocator: IpamAllocator; config: IpamConfig } | undefined;
  drift: { reports: DriftStore; catalog: OrgCatalog };
}

const OrgQuery = z.object({ org_id: z.uuid({ message: "must be a Mist org id (UUID)" }) });

/**
 * Who converge re-deploys: every drifted site, and for each blueprint version whose org objects
 * drifted while none of its sites did, one of its sites (a deployment of any site of a version
 * puts that version's objects back).
 */
type BoundSite = { site_id: string; site_name: string; blueprint: string; version: number };

function convergeTargets(
  report: DriftReport,
  bound: ReadonlyMap<string, BoundSite[]>,
  only?: readonly string[],
): ConvergeTarget[] {
  const wanted = (id: string) => !only || only.includes(id);
  const targets: ConvergeTarget[] = report.sites
    .filter((s) => s.state === "drifted" && wanted(s.site_id))
    .map((s) => ({
      site_id: s.site_id,
      site_name: s.site_name,
      blueprint: s.blueprint,
      version: s.version,
      reason: s.changes.map((c) => c.path).join(", "),
    }));
  const versions = new Map<string, string[]>();
  for (const o of report.objects) {
    const key = `${o.blueprint}|${o.version}`;
    versions.set(key, [...(versions.get(key) ?? []), `${o.kind} ${o.name} ${o.state}`]);
  }
  for (const [key, what] of versions) {
    if (targets.some((t) => `${t.blueprint}|${t.version}` === key)) {
      const t = targets.find((x) => `${x.blueprint}|${x.version}` === key);
      if (t) t.reason = `${t.reason}; ${what.join(", ")}`;
      continue;
    }
    const site = (bound.get(key) ?? []).find((s) => wanted(s.site_id));
    if (site) targets.push({ ...site, reason: what.join(", ") });
  }
  return targets;
}

/** `GET /v1/drift?org_id=`, `GET /v1/drift/last?org_id=`, `POST /v1/drift/converge`. */
export function driftRoutes(deps: DriftRouteDeps) {
  const app = new Hono();

  const check = async (c: Parameters<typeof mistReadError>[0], orgId: string) => {
    const { mist, ipam, registry } = deps;
    if (!mist || !ipam || !registry)
      throw new ApiError(
        503,
        "unavailable",
        "a drift check needs a Mist token, IPAM and Redis on this server",
      );
    if (mist.entriesFor(orgId).length === 0)
      throw validationError(
        [{ field: "org_id", message: `no Mist token is configured for org ${orgId}` }],
        422,
      );
    try {
      return await checkDrift(
        { registry, store: deps.store, ipam },
        mistReader((org) => mist.clientFor(org)),
        orgId,
      );
    } catch (e) {
      throw mistReadError(c, e);
    }
  };

  app.get("/", async (c) => {
    const q = OrgQuery.safeParse(c.req.query());
    if (!q.success) throw validationError(fieldIssues(q.error));
    return c.json(await check(c, q.data.org_id));
  });

  app.get("/last", async (c) => {
    const q = OrgQuery.safeParse(c.req.query());
    if (!q.success) throw validationError(fieldIssues(q.error));
    const report = await deps.drift.reports.last(q.data.org_id);
    if (!report)
      throw new ApiError(404, "not_found", `no scheduled drift check has covered org ${q.data.org_id} yet`);
    return c.json(report);
  });

  app.post("/converge", async (c) => {
    const parsed = ConvergeRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const { org_id: orgId, site_ids: only, dry_run: dryRun } = parsed.data;
    const drift = await check(c, orgId);
    const bound = new Map<string, BoundSite[]>();
    for (const name of (await deps.registry?.names()) ?? [])
      for (const b of (await deps.registry?.bindings(name)) ?? [])
        if (b.org_id === orgId) {
          const key = `${b.blueprint}|${b.version}`;
          bound.set(key, [...(bound.get(key) ?? []), b]);
        }
    const targets = convergeTargets(drift, bound, only);
    if (dryRun || targets.length === 0) return c.json({ dry_run: dryRun, drift, targets });

    // A converge looks at every object in Mist again: what the steps remember may be the drift.
    await deps.drift.catalog.forgetOrg(orgId);
    for (const t of targets) {
      const binding = await deps.registry?.binding(t.site_id);
      const source = binding?.deployment_id ?? binding?.bound_by;
      const built = source ? await deps.store.get(source).catch(() => undefined) : undefined;
      const fallback = built ?? (await deps.store.deploymentsOfSite(t.site_id)).find((d) => d.siteStepDone);
      const view = built ?? (fallback ? await deps.store.get(fallback.id) : undefined);
      if (!view)
        throw new ApiError(409, "conflict", `site ${t.site_name} has no deployment record to converge from`);
      // The site's own request at its bound version; a ticket is not told about a converge.
      const { ticket: _ticket, ...request } = view.request;
      const { view: submitted } = await submitDeployment(
        deps,
        { ...request, blueprint_version: t.version },
        `converge:${t.site_id}:${drift.checked_at}`,
      );
      t.deployment_id = submitted.id;
    }
    return c.json({ dry_run: false, drift, targets }, 202);
  });

  return app;
}
