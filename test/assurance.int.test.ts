import { type DeploymentView, SLE_METRICS, STEP_IDS } from "@mistflow/contracts";
import { SIM_DEMO_TOKEN } from "@mistflow/process-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleDeployments, extraSite } from "./support/examples";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

/** Every Wi-Fi SLE at a healthy value, then the given ones. */
const sle = (over: Record<string, number> = {}) => ({
  ...Object.fromEntries(SLE_METRICS.map((m) => [m, 0.97])),
  ...over,
});

describe("SLE assurance after late binding (soak 2 s, a look every 0.5 s)", () => {
  let stack: StackUnderTest;

  beforeAll(async () => {
    stack = await startInProcessStack("assurance");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  /** A site Mist already has, as an operator's existing store would be: s01 adopts it by name. */
  const existingSite = async (name: string): Promise<string> => {
    const res = await fetch(`${stack.simUrl}/api/v1/orgs/${DEMO_ORG}/sites`, {
      method: "POST",
      headers: { authorization: `Token ${SIM_DEMO_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        name,
        address: `${name} address`,
        timezone: "America/New_York",
        country_code: "US",
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  };
  const health = async (siteId: string, query: string) => {
    const res = await fetch(`${stack.apiUrl}/v1/sites/${siteId}/health?${query}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ended = async (id: string): Promise<DeploymentView> => {
    const [view] = await stack.waitForEnd([id], 90_000);
    if (!view) throw new Error("no view");
    return view;
  };
  const windowOf = (view: DeploymentView) => {
    const a = view.steps.assure.assurance;
    return { start: Date.parse(a?.window_started_at ?? ""), end: Date.parse(a?.window_ends_at ?? "") };
  };

  it("fails a site whose SLEs stay below threshold: failed_assurance with the per-metric report", async () => {
    const siteId = await existingSite("RB-0300 Poor Coverage");
    await stack.sim.setSle(siteId, sle({ coverage: 0.4, capacity: 0.7, throughput: 0.85 }));
    const { id } = await stack.api.submit({
      ...extraSite("RB-0300 Poor Coverage"),
      // Capacity is judged against 0.6 for this site only; throughput keeps the default 0.90.
      assurance: { enabled: true, thresholds: { capacity: 0.6 } },
    });
    const view = await ended(id);

    expect(view.status).toBe("failed_assurance");
    expect(view.steps.s01.mist_ids.site_id).toBe(siteId);
    for (const step of STEP_IDS.filter((s) => s !== "assure"))
      expect(view.steps[step].state).toBe("succeeded");
    expect(view.steps.assure.state).toBe("failed");
    expect(view.steps.assure.attempts).toBe(1);
    expect(view.error).toEqual({
      step: "assure",
      message: "SLEs below threshold: coverage 0.400 < 0.9, throughput 0.850 < 0.9",
    });
    const report = view.steps.assure.assurance;
    expect(report?.verdict).toBe("fail");
    expect(report?.metrics).toEqual(
      SLE_METRICS.map((metric) => {
        const value = { coverage: 0.4, capacity: 0.7, throughput: 0.85 }[metric as string] ?? 0.97;
        const threshold = metric === "capacity" ? 0.6 : 0.9;
        return { metric, value, threshold, verdict: value >= threshold ? "pass" : "fail" };
      }),
    );
    // Judged at the end of the window, not at the first look.
    const w = windowOf(view);
    expect(w.end - w.start).toBe(2_000);
    expect(Date.parse(view.steps.assure.finished_at ?? "")).toBeGreaterThanOrEqual(w.end);
    expect(report?.polls).toBeGreaterThanOrEqual(2);

    // The same site's health now, with the server's default threshold: capacity fails too.
    const now = await health(siteId, `org_id=${DEMO_ORG}&duration=10m`);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ site_id: siteId, org_id: DEMO_ORG, verdict: "fail" });
    const byMetric = Object.fromEntries(
      (now.body.metrics as { metric: string; verdict: string; value: number; threshold: number }[]).map(
        (m) => [m.metric, m],
      ),
    );
    expect(byMetric.coverage).toEqual({ metric: "coverage", value: 0.4, threshold: 0.9, verdict: "fail" });
    expect(byMetric.capacity?.verdict).toBe("fail");
    expect(byMetric.roaming).toEqual({ metric: "roaming", value: 0.97, threshold: 0.9, verdict: "pass" });
  });

  it("passes a deployed site with devices (assurance on by default) and the deployment succeeds", async () => {
    const [boston] = exampleDeployments();
    const { id } = await stack.api.submit(boston);
    const view = await ended(id);

    expect(view.status, JSON.stringify(view.error)).toBe("succeeded");
    expect(view.steps.assure.state).toBe("succeeded");
    expect(view.steps.assure.attempts).toBe(1);
    const report = view.steps.assure.assurance;
    expect(report?.verdict).toBe("pass");
    // The simulator's per-site baselines (0.95-0.99 once devices are assigned) are all real values.
    for (const m of report?.metrics ?? []) {
      expect(m.verdict, m.metric).toBe("pass");
      expect(m.value).toBeGreaterThanOrEqual(0.95);
      expect(m.threshold).toBe(0.9);
    }
    expect(report?.metrics.map((m) => m.metric)).toEqual([...SLE_METRICS]);
    expect(view.steps.assure.note).toBe("SLEs pass: 7 of 7 metrics at or above threshold");
    // Assurance starts only once the site is bound.
    expect(Date.parse(view.steps.assure.started_at ?? "")).toBeGreaterThanOrEqual(
      Date.parse(view.steps.final.finished_at ?? ""),
    );
    const siteId = String(view.steps.s01.mist_ids.site_id);
    const now = await health(siteId, `org_id=${DEMO_ORG}`);
    expect(now.body.verdict).toBe("pass");
  });

  it("waits out the window when Mist has no SLE data, then reports no data", async () => {
    const { id } = await stack.api.submit({ ...extraSite("RB-0301 No APs"), assurance: { enabled: true } });
    const view = await ended(id);

    expect(view.status).toBe("succeeded");
    expect(view.steps.assure.state).toBe("succeeded");
    const report = view.steps.assure.assurance;
    expect(report?.verdict).toBe("no_data");
    expect(report?.metrics.every((m) => m.verdict === "no_data" && m.value === undefined)).toBe(true);
    expect(view.steps.assure.note).toBe("no data: Mist reported no SLEs for the site during the 2 s window");
    const w = windowOf(view);
    expect(Date.parse(view.steps.assure.finished_at ?? "")).toBeGreaterThanOrEqual(w.end);
    expect(report?.polls).toBeGreaterThanOrEqual(2);

    const siteId = String(view.steps.s01.mist_ids.site_id);
    expect((await health(siteId, `org_id=${DEMO_ORG}`)).body.verdict).toBe("no_data");
  });

  it("has no assurance job when it is off, and shows the step as skipped", async () => {
    const { id } = await stack.api.submit(extraSite("RB-0302 No Devices"));
    const view = await ended(id);
    expect(view.status).toBe("succeeded");
    expect(view.steps.assure).toMatchObject({
      state: "skipped",
      attempts: 0,
      note: "no devices assigned, so no SLEs to assure",
    });
    const day2 = stack.queues.find((q) => q.name === "day2");
    expect(await day2?.getJob(`${id}.assure`)).toBeUndefined();
  });

  it("refuses bad assurance settings naming the field, and enqueues nothing", async () => {
    const jobsBefore = await stack.jobCount();
    const res = await fetch(`${stack.apiUrl}/v1/deployments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ...extraSite("RB-0303 Bad Settings"),
        assurance: { soak_s: -5, thresholds: { coverage: 1.5 } },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { field: string }[] };
    expect(body.issues.map((i) => i.field).sort()).toEqual([
      "assurance.soak_s",
      "assurance.thresholds.coverage",
    ]);
    expect(await stack.jobCount()).toBe(jobsBefore);
  });

  it("answers the health route's bad input and unknown sites with 4xx", async () => {
    const site = "00000000-0000-4000-8000-000000000000";
    const noOrg = await health(site, "");
    expect(noOrg.status).toBe(400);
    expect(noOrg.body.message).toMatch(/org_id/);
    expect((await health("not-a-site", `org_id=${DEMO_ORG}`)).body.message).toMatch(/site_id/);
    expect((await health(site, `org_id=${DEMO_ORG}&duration=forever`)).body.message).toMatch(/duration/);
    expect((await health(site, `org_id=${DEMO_ORG}`)).status).toBe(404);
  });
});
