import { type DeploymentView, DOMAINS, STEP_IDS, STEPS, type StepId } from "@mistflow/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_ORG_OBJECTS, exampleDeployments, extraSite } from "./support/examples";
import { expectNoSecrets, whatMistflowWrote } from "./support/secrets-scan";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NaN);

describe("spine: intake → flow → domain worker processes → Mist simulator", () => {
  let stack: TestStack;
  let first: DeploymentView[];

  beforeAll(async () => {
    stack = await startTestStack("spine");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("deploys three sites of one blueprint, each org object once, every site bound", async () => {
    const submitted = await Promise.all(exampleDeployments().map((d) => stack.api.submit(d)));
    expect(submitted.map((s) => s.status)).toEqual([202, 202, 202]);
    first = await stack.waitForEnd(submitted.map((s) => s.id));
    for (const v of first) {
      expect(v.status, `${v.site_name}: ${JSON.stringify(v.error)}`).toBe("succeeded");
      for (const id of STEP_IDS) {
        expect(v.steps[id].state, `${v.site_name} ${id}`).toBe("succeeded");
        // A second attempt here would mean a step ran before its inputs were recorded.
        expect(v.steps[id].attempts, `${v.site_name} ${id} attempts`).toBe(1);
      }
    }

    const counts = await stack.sim.counts(DEMO_ORG);
    expect(counts).toMatchObject({ ...EXPECTED_ORG_OBJECTS, sites: 3, devices_assigned: 12 });

    const sites = await stack.sim.objects<Record<string, string>>(DEMO_ORG, "sites");
    const [gw] = await stack.sim.objects<{ id: string }>(DEMO_ORG, "gatewaytemplates");
    const [sw] = await stack.sim.objects<{ id: string }>(DEMO_ORG, "networktemplates");
    const [rf] = await stack.sim.objects<{ id: string }>(DEMO_ORG, "rftemplates");
    const [group] = await stack.sim.objects<{ id: string; name: string }>(DEMO_ORG, "sitegroups");
    const [wlanTemplate] = await stack.sim.objects<{ applies: { sitegroup_ids: string[] } }>(
      DEMO_ORG,
      "templates",
    );
    expect(group?.name).toBe("mistflow-retail-branch");
    expect(wlanTemplate?.applies.sitegroup_ids).toEqual([group?.id]);
    for (const site of sites) {
      expect(site).toMatchObject({
        gatewaytemplate_id: gw?.id,
        networktemplate_id: sw?.id,
        rftemplate_id: rf?.id,
        sitegroup_ids: [group?.id],
      });
    }

    const settingsBySite = (await stack.sim.objects(DEMO_ORG, "settings")) as unknown as Record<
      string,
      { vars: Record<string, string> }
    >;
    const settings = Object.entries(settingsBySite).map(([site_id, s]) => ({ site_id, vars: s.vars }));
    const denver = first.find((v) => v.site_name.includes("Denver"));
    for (const v of first) {
      const siteId = v.steps.s01.mist_ids.site_id;
      const vars = settings.find((s) => s.site_id === siteId)?.vars ?? {};
      expect(vars.data_vlan).toMatch(/^\d+$/);
      expect(vars.data_subnet).toMatch(/^10\.\d+\.\d+\.\d+\/\d+$/);
      if (v === denver) expect(vars.guest_vlan, "override wins over the plan").toBe("130");
      else expect(vars.guest_vlan).toMatch(/^\d+$/);
    }
    const subnets = first.map(
      (v) => settings.find((s) => s.site_id === v.steps.s01.mist_ids.site_id)?.vars.data_subnet,
    );
    expect(new Set(subnets).size).toBe(3);
  });

  it("changes nothing when the same deployments are submitted again", async () => {
    const ledgerBefore = await stack.sim.ledger();
    const lastSeq = ledgerBefore.at(-1)?.seq ?? 0;
    const jobsBefore = await stack.jobCount();
    const countsBefore = await stack.sim.counts(DEMO_ORG);

    const again = await Promise.all(exampleDeployments().map((d) => stack.api.submit(d)));
    expect(again.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(again.map((s) => s.id)).toEqual(first.map((v) => v.id));

    // Nothing was enqueued, so nothing can call Mist later.
    expect(await stack.jobCount()).toBe(jobsBefore);
    expect(await stack.sim.ledger(lastSeq)).toEqual([]);
    expect(await stack.sim.counts(DEMO_ORG)).toEqual(countsBefore);
  });

  it("starts every step as soon as its own prerequisites are done, no sooner and no later", async () => {
    // Slow lanes make "no later" observable: site devices must not wait for the gateway
    // template, and late binding must not wait for the WLAN policy and PSK chain.
    await stack.forgetCatalog();
    await stack.sim.addFault({ method: "GET", path: "^/orgs/[^/]+/gatewaytemplates$", delay_ms: 1_500 });
    await stack.sim.addFault({ method: "GET", path: "^/orgs/[^/]+/psks$", delay_ms: 3_500 });
    try {
      const { id } = await stack.api.submit(extraSite("RB-0100 Ordering"));
      const [view] = await stack.waitForEnd([id]);
      if (!view) throw new Error("no view");
      expect(view.status).toBe("succeeded");
      const s = (step: StepId) => view.steps[step];

      for (const v of STEP_IDS) {
        // A site without devices has no assurance step: it never starts.
        if (s(v).state === "skipped") continue;
        for (const u of STEPS[v].after) {
          expect(ms(s(v).started_at), `${u} finished before ${v} started`).toBeGreaterThanOrEqual(
            ms(s(u).finished_at),
          );
        }
      }
      expect(ms(s("s02").finished_at)).toBeLessThan(ms(s("s06").finished_at));
      expect(ms(s("final").finished_at)).toBeLessThan(ms(s("s13").finished_at));
      // Independent lanes overlap instead of running one after another.
      expect(ms(s("s08").started_at)).toBeLessThan(ms(s("s06").finished_at));
    } finally {
      await stack.sim.clearFaults();
    }
  });

  it("fails the deployment with a permanently failing step's error and leaves no lane hanging", async () => {
    await stack.forgetCatalog();
    await stack.sim.addFault({
      method: "GET",
      path: "^/orgs/[^/]+/rftemplates$",
      status: 400,
      detail: "invalid field: band_5.channels",
    });
    try {
      const { id } = await stack.api.submit(extraSite("RB-0101 Failing"));
      const [view] = await stack.waitForEnd([id]);
      if (!view) throw new Error("no view");
      expect(view.status).toBe("failed");
      expect(view.error?.step).toBe("s09");
      expect(view.steps.s09).toMatchObject({ state: "failed", attempts: 1 });
      expect(view.steps.s09.error).toMatchObject({
        status: 400,
        detail: "invalid field: band_5.channels",
        permanent: true,
      });
      for (const step of ["s10", "s11", "s12", "s13", "final"] as const)
        expect(view.steps[step].state).toBe("cancelled");
      for (const step of STEP_IDS)
        expect(["succeeded", "failed", "cancelled", "skipped"]).toContain(view.steps[step].state);

      // BullMQ side: every job of the deployment reaches a final state.
      await stack.waitForNoLiveJobs(id, 10_000);
    } finally {
      await stack.sim.clearFaults();
    }
  });

  it("keeps the Mist token and PSK passphrases out of logs, job data and Redis", async () => {
    const psks = await stack.sim.objects<{ name: string; passphrase: string }>(DEMO_ORG, "psks");
    const secrets = [
      "sim-demo-token-0123456789abcdef0123456789abcdef",
      stack.board.password,
      ...psks.map((p) => p.passphrase),
    ];
    expect(psks.length).toBeGreaterThan(0);
    const { logs, everything } = await whatMistflowWrote(stack);
    expect(logs.size).toBe(DOMAINS.length + 2); // the API, every domain worker and the notify worker
    expect(everything.length).toBeGreaterThan(10_000);
    expectNoSecrets(everything, secrets);
  });
});
