import { type DeploymentView, STEP_IDS, type StepStatus } from "@mistflow/contracts";

/** A deployment record as `GET /v1/deployments/:id` shows it, for the notify tests. */
export function testView(over: Partial<DeploymentView> = {}): DeploymentView {
  const done: StepStatus = { state: "succeeded", attempts: 1, mist_ids: {} };
  const steps = Object.fromEntries(
    STEP_IDS.map((s) => [s, s === "s01" ? { ...done, mist_ids: { site_id: "site-1" } } : done]),
  ) as DeploymentView["steps"];
  // A ticket without devices: no SLE assurance, so the step is recorded as skipped.
  steps.assure = { state: "skipped", attempts: 0, mist_ids: {}, note: "assurance off: no devices" };
  return {
    id: "dep-0123456789abcdef01234567",
    status: "succeeded",
    org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
    site_name: "Store NET-1",
    blueprint: { name: "retail-branch", version: 1, digest: "abc" },
    idempotency_key: "jira:NET-1",
    created_at: "2025-06-15T10:00:00.000Z",
    updated_at: "2025-06-15T10:00:12.300Z",
    finished_at: "2025-06-15T10:00:12.300Z",
    steps,
    request: {
      org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
      site: {
        name: "Store NET-1",
        address: "1 Main St",
        timezone: "UTC",
        country_code: "US",
        region: "NA-EAST",
      },
      blueprint: "retail-branch",
      devices: { claim_codes: [], macs: [], serials: [] },
      vars: {},
      ticket: { source: "jira", type: "jira", key: "NET-1" },
    },
    ...over,
  };
}

/** The same deployment failed at step 9 with Mist's 400. */
export function failedView(): DeploymentView {
  const view = testView({
    status: "failed",
    error: { step: "s09", message: "GET /orgs/x/rftemplates failed (400)" },
  });
  view.steps.s09 = {
    state: "failed",
    attempts: 1,
    mist_ids: {},
    error: {
      message: "GET /orgs/x/rftemplates failed (400)",
      status: 400,
      detail: "invalid field: band_5.channels",
      permanent: true,
    },
  };
  for (const s of ["s10", "s11", "s12", "s13", "final"] as const) {
    view.steps[s] = { state: "cancelled", attempts: 0, mist_ids: {}, note: "not run: step s09 failed" };
  }
  return view;
}
