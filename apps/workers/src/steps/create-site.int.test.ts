import { scanKeys } from "@mistflow/config";
import { Blueprint, type DeploymentView } from "@mistflow/contracts";
import { DEFAULT_IPAM_CONFIG, IpamAllocator } from "@mistflow/ipam";
import { createLogger } from "@mistflow/logger";
import { isMistBadRequestError, MistClient } from "@mistflow/mist-client";
import { DEFAULT_ORG_ID, DEFAULT_TOKEN } from "@mistflow/mist-sim";
import { SecretSource } from "@mistflow/secrets";
import { RedisLock, StepFailure } from "@mistflow/worker-runtime";
import { describe, expect, it } from "vitest";
import { fingerprint, OrgCatalog, SiteDirectory } from "../catalog";
import { testView } from "../test-support/deployment-view";
import { useStepHarness } from "../test-support/step-harness";
import { bindTemplates } from "./bind-templates";
import { createSite } from "./create-site";
import { FIRST_SITE_MAX_WAIT_MS, FirstSiteWait } from "./first-site";
import { objectStep } from "./object-step";
import type { StepContext } from "./step-context";

/**
 * Step 1 against the simulator over HTTP and a real Redis (lock, site directory, org catalogue,
 * IPAM): a new site is created already bound when the catalogue vouches for the blueprint's
 * templates, so late binding has no call left; every invariant of the DAG still holds.
 */
describe("createSite (step 1)", () => {
  const BP = Blueprint.parse({
    name: "bound-branch",
    version: 1,
    networks: [{ name: "corp", subnet: "{{data_subnet}}", vlan_id: "{{corp_vlan}}" }],
    switch_template: { name: "bb-switch", networks: { corp: { vlan_id: "{{corp_vlan}}" } } },
    rf_template: { name: "bb-rf", country_code: "US" },
    wlan_template: { name: "bb-wlans" },
  });
  const VARS = { corp_vlan: "30" };
  const UNKNOWN_ID = "4ac1dcf4-9d8b-4211-85c4-057819f0862b";

  const h = useStepHarness("create-site");
  let seq = 0;

  const view = (name: string, over: { vars?: Record<string, string>; startedAt?: string } = {}) => {
    const base = testView();
    const v: DeploymentView = {
      ...base,
      id: `dep-create-site-${seq++}`,
      status: "running",
      org_id: DEFAULT_ORG_ID,
      site_name: name,
      blueprint: { name: BP.name, version: BP.version, digest: "digest-bound-branch-1" },
      request: {
        ...base.request,
        org_id: DEFAULT_ORG_ID,
        site: { ...base.request.site, name },
        vars: over.vars ?? VARS,
      },
    };
    v.steps = { ...v.steps, s01: { state: "running", attempts: 1, mist_ids: {} } };
    if (over.startedAt) v.steps.s01.started_at = over.startedAt;
    return v;
  };

  const context = (deployment: DeploymentView, client = h.mist): StepContext => {
    const lock = new RedisLock(h.redis, h.prefix);
    return {
      step: "s01",
      deployment,
      blueprint: BP,
      orgId: DEFAULT_ORG_ID,
      mist: client,
      lock,
      catalog: new OrgCatalog(h.redis, h.prefix),
      sites: new SiteDirectory(h.redis, h.prefix, lock),
      secrets: SecretSource.load({}),
      ipam: {
        config: DEFAULT_IPAM_CONFIG,
        allocator: new IpamAllocator(h.redis, { prefix: `${h.prefix}:`, config: DEFAULT_IPAM_CONFIG }),
      },
      assurance: { soakS: 1, pollS: 1, threshold: 0.9 },
      log: createLogger({ name: "create-site-test", level: "silent" }),
    };
  };

  /** Steps 7-9 of a first site: the templates exist in Mist and the catalogue vouches for them. */
  const makeTemplates = async () => {
    const ctx = context(view("org steps"));
    const outcomes = {
      s07: await objectStep("s07")({ ...ctx, step: "s07" }),
      s08: await objectStep("s08")({ ...ctx, step: "s08" }),
      s09: await objectStep("s09")({ ...ctx, step: "s09" }),
    };
    h.sim.state.ledger.clear();
    return {
      networktemplate_id: String(outcomes.s07.mist_ids.networktemplate_id),
      sitegroup_id: String(outcomes.s08.mist_ids.sitegroup_id),
      rftemplate_id: String(outcomes.s09.mist_ids.rftemplate_id),
      outcomes,
    };
  };

  /** The deployment as late binding reads it: what step 1 and steps 7-9 recorded. */
  const afterSteps = (
    deployment: DeploymentView,
    s01: Awaited<ReturnType<typeof createSite>>,
    org: Awaited<ReturnType<typeof makeTemplates>>["outcomes"],
  ): StepContext => {
    const steps = { ...deployment.steps };
    steps.s01 = { state: "succeeded", attempts: 1, mist_ids: s01.mist_ids };
    for (const s of ["s07", "s08", "s09"] as const)
      steps[s] = { state: "succeeded", attempts: 1, mist_ids: org[s].mist_ids };
    for (const s of ["s06"] as const) steps[s] = { state: "succeeded", attempts: 1, mist_ids: {} };
    return { ...context({ ...deployment, steps }), step: "final" };
  };

  const calls = () => h.sim.state.ledger.list();
  const siteCreates = () =>
    calls().filter((e) => e.method === "POST" && /\/orgs\/[^/]+\/sites$/.test(e.path));
  const sitesNamed = async (name: string) =>
    (await h.mist.sites.list(DEFAULT_ORG_ID)).filter((s) => s.name === name);

  it("creates the site bound when the catalogue vouches for every template, and late binding makes no call", async () => {
    const org = await makeTemplates();
    const deployment = view("Bound 1");
    const outcome = await createSite(context(deployment));

    expect(siteCreates().map((e) => [e.status, e.binds])).toEqual([
      [200, ["networktemplate_id", "rftemplate_id", "sitegroup_ids"]],
    ]);
    // List the org's sites, create bound, set the variables: nothing else.
    expect(calls().map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, ":id")}`)).toEqual([
      "GET /api/v1/orgs/:id/sites",
      "POST /api/v1/orgs/:id/sites",
      "PUT /api/v1/sites/:id/setting",
    ]);
    const [site] = await sitesNamed("Bound 1");
    expect(site).toMatchObject({
      networktemplate_id: org.networktemplate_id,
      rftemplate_id: org.rftemplate_id,
      sitegroup_ids: [org.sitegroup_id],
      gatewaytemplate_id: null,
    });
    expect(outcome.mist_ids).toMatchObject({ site_id: site?.id, bound_sitegroup_id: org.sitegroup_id });

    const before = calls().length;
    const bound = await bindTemplates(afterSteps(deployment, outcome, org.outcomes));
    expect(calls().length).toBe(before);
    expect(bound.mist_ids).toMatchObject({
      networktemplate_id: org.networktemplate_id,
      rftemplate_id: org.rftemplate_id,
      sitegroup_ids: [org.sitegroup_id],
    });
  });

  it("creates the first site of a fresh org unbound, and late binding binds it", async () => {
    const deployment = view("First 1");
    const outcome = await createSite(context(deployment));
    expect(siteCreates().map((e) => [e.status, e.binds])).toEqual([[200, undefined]]);
    expect(outcome.mist_ids).not.toHaveProperty("bound_sitegroup_id");

    const org = await makeTemplates();
    await bindTemplates(afterSteps(deployment, outcome, org.outcomes));
    const puts = calls().filter(
      (e) => e.method === "PUT" && e.path === `/api/v1/sites/${outcome.mist_ids.site_id}`,
    );
    expect(puts).toHaveLength(1);
    const [site] = await sitesNamed("First 1");
    expect(site).toMatchObject({ rftemplate_id: org.rftemplate_id, sitegroup_ids: [org.sitegroup_id] });
  });

  it("makes the sites submitted with the first wait for its templates, then go ahead unbound once the longest wait is up", async () => {
    await createSite(context(view("First 2")));
    h.sim.state.ledger.clear();

    const waiting = createSite(context(view("Second 2")));
    await expect(waiting).rejects.toBeInstanceOf(FirstSiteWait);
    expect(siteCreates()).toEqual([]);

    // Its templates never came: after the longest wait it is created unbound, as the DAG allows.
    const late = new Date(Date.now() - FIRST_SITE_MAX_WAIT_MS - 1_000).toISOString();
    await createSite(context(view("Second 2", { startedAt: late })));
    expect(siteCreates().map((e) => [e.status, e.binds])).toEqual([[200, undefined]]);
  });

  it("keeps the sites waiting while the first site's claim lives, and lets the next one take over once it lapses", async () => {
    await createSite(context(view("First 3")));
    h.sim.state.ledger.clear();
    await expect(createSite(context(view("Second 3")))).rejects.toBeInstanceOf(FirstSiteWait);

    // The first site's process died: nothing renews its claim, which lapses.
    const claims = await scanKeys(h.redis, `${h.prefix}:catalog:*~first-site*`);
    expect(claims).toHaveLength(1);
    await h.redis.del(...claims);
    await createSite(context(view("Second 3")));
    expect(siteCreates().map((e) => [e.status, e.binds])).toEqual([[200, undefined]]);
    // It is the first site now: a third one waits for it.
    await expect(createSite(context(view("Third 3")))).rejects.toBeInstanceOf(FirstSiteWait);
  });

  it("marks the template steps of a later site as served by the catalogue (no call), so they renew no first-site claim", async () => {
    const first = await makeTemplates();
    for (const s of ["s07", "s08", "s09"] as const) expect(first.outcomes[s].fromCatalog).toBeUndefined();
    const ctx = context(view("later site"));
    const again = [
      await objectStep("s07")({ ...ctx, step: "s07" }),
      await objectStep("s08")({ ...ctx, step: "s08" }),
      await objectStep("s09")({ ...ctx, step: "s09" }),
    ];
    expect(again.map((o) => o.fromCatalog)).toEqual([true, true, true]);
    expect(h.sim.state.ledger.list()).toEqual([]);
  });

  it("refuses, before any Mist call, to create bound a site lacking a variable the templates use", async () => {
    await makeTemplates();
    const run = createSite(context(view("Missing 1", { vars: {} })));
    await expect(run).rejects.toBeInstanceOf(StepFailure);
    await expect(run).rejects.toThrow(
      "the blueprint uses site variables this site does not define: corp_vlan",
    );
    expect(calls()).toEqual([]);
  });

  it("drops stale catalogue entries and creates the site unbound when Mist says a template id does not exist", async () => {
    const org = await makeTemplates();
    const catalog = new OrgCatalog(h.redis, h.prefix);
    await catalog.remember(
      DEFAULT_ORG_ID,
      "rftemplates",
      new Map([[fingerprint(BP.rf_template), UNKNOWN_ID]]),
    );

    const outcome = await createSite(context(view("Stale 1")));
    expect(siteCreates().map((e) => [e.status, e.binds])).toEqual([
      // The refused create bound nothing; the second one is plain.
      [400, undefined],
      [200, undefined],
    ]);
    expect(await sitesNamed("Stale 1")).toHaveLength(1);
    expect(outcome.mist_ids).not.toHaveProperty("rftemplate_id");
    // Only what Mist refused is forgotten; steps 6-9 verify it again, late binding binds.
    expect(
      await catalog.lookup(DEFAULT_ORG_ID, "rftemplates", [fingerprint(BP.rf_template)]),
    ).toBeUndefined();
    expect(
      await catalog.lookup(DEFAULT_ORG_ID, "networktemplates", [fingerprint(BP.switch_template)]),
    ).toEqual([org.networktemplate_id]);
  });

  it("runs again after its create without sending the site again, and late binding still makes no call", async () => {
    const org = await makeTemplates();
    // The variables call fails once after the bound create, as when it waited for budget.
    h.sim.state.faults.add({ method: "PUT", path: "^/sites/[^/]+/setting$", status: 503, times: 10 });
    const deployment = view("Again 1");
    await expect(createSite(context(deployment))).rejects.toThrow();
    h.sim.state.faults.clear();
    h.sim.state.ledger.clear();

    const outcome = await createSite(context(deployment));
    expect(calls().map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, ":id")}`)).toEqual([
      "PUT /api/v1/sites/:id/setting",
    ]);
    expect(await sitesNamed("Again 1")).toHaveLength(1);
    const before = calls().length;
    await bindTemplates(afterSteps(deployment, outcome, org.outcomes));
    expect(calls().length).toBe(before);
  });

  it("fails the step on any other 400 and keeps the catalogue", async () => {
    const org = await makeTemplates();
    h.sim.state.faults.add({
      method: "POST",
      path: "^/orgs/[^/]+/sites$",
      status: 400,
      detail: "invalid field: name",
    });

    const run = createSite(context(view("Refused 1")));
    await expect(run).rejects.toSatisfy(isMistBadRequestError);
    expect(siteCreates().map((e) => e.status)).toEqual([400]);
    expect(await sitesNamed("Refused 1")).toEqual([]);
    const catalog = new OrgCatalog(h.redis, h.prefix);
    expect(await catalog.lookup(DEFAULT_ORG_ID, "rftemplates", [fingerprint(BP.rf_template)])).toEqual([
      org.rftemplate_id,
    ]);
  });

  it("never makes a second site when a bound create's answer was lost and the step is retried", async () => {
    await makeTemplates();
    h.sim.state.faults.add({
      method: "POST",
      path: "^/orgs/[^/]+/sites$",
      delay_ms: 600,
      delay_after: true,
      times: 1,
    });
    const impatient = new MistClient({
      baseUrl: h.sim.url,
      token: DEFAULT_TOKEN,
      tokenAlias: "demo",
      timeoutMs: 150,
      retry: { baseDelayMs: 1 },
    });
    const deployment = view("Lost 1");
    await expect(createSite(context(deployment, impatient))).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 700));

    const retry = await createSite(context(deployment));
    const sites = await sitesNamed("Lost 1");
    expect(sites).toHaveLength(1);
    expect(retry.mist_ids.site_id).toBe(sites[0]?.id);
    expect(siteCreates()).toHaveLength(1);
  });

  it("only updates a site found by name, never rebinds it in step 1, and leaves that to late binding", async () => {
    const org = await makeTemplates();
    const existing = await h.mist.sites.create(DEFAULT_ORG_ID, { name: "Existing 1" });
    h.sim.state.ledger.clear();

    const deployment = view("Existing 1");
    const outcome = await createSite(context(deployment));
    expect(siteCreates()).toEqual([]);
    expect(outcome.mist_ids).toEqual({ site_id: existing.id, sitegroup_ids: [] });
    const [site] = await sitesNamed("Existing 1");
    expect(site).toMatchObject({ rftemplate_id: null, networktemplate_id: null, sitegroup_ids: [] });

    await bindTemplates(afterSteps(deployment, outcome, org.outcomes));
    const [bound] = await sitesNamed("Existing 1");
    expect(bound).toMatchObject({ rftemplate_id: org.rftemplate_id, sitegroup_ids: [org.sitegroup_id] });
  });
});
