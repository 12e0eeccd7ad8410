import { describe, expect, it } from "vitest";
import { failedView, testView } from "../../test-support/deployment-view";
import { toAdf } from "./jira-adf";
import { messageText, renderMessage } from "./render-message";

describe("renderMessage", () => {
  const dep = "dep-0123456789abcdef01234567";

  it("says a deployment was accepted, with the site and a link to its status", () => {
    const m = renderMessage(
      testView({ status: "queued" }),
      { deployment_id: dep, event: "accepted" },
      "https://mf.example.com",
    );
    expect(m.headline).toBe(
      'mistflow accepted the deployment of site "Store NET-1" (blueprint retail-branch)',
    );
    expect(m.link).toBe(`https://mf.example.com/v1/deployments/${dep}`);
    expect(m.data).toMatchObject({ deployment_id: dep, status: "queued", ticket_key: "NET-1" });
  });

  it("reports success with the duration and Mist's site id", () => {
    const m = renderMessage(testView(), { deployment_id: dep, event: "succeeded" });
    expect(m.details).toEqual(["14 steps succeeded in 12.3 s.", "Mist site id: site-1."]);
    expect(m.link).toBe(`/v1/deployments/${dep}`);
  });

  it("names the failed step and quotes Mist's status and detail", () => {
    const failed = renderMessage(failedView(), { deployment_id: dep, event: "failed", step: "s09" });
    expect(failed.headline).toBe(
      'mistflow: the deployment of site "Store NET-1" failed at step s09 (RF template)',
    );
    expect(failed.details).toEqual([
      "Error: GET /orgs/x/rftemplates failed (400)",
      "Mist answered HTTP 400: invalid field: band_5.channels",
      "8 of 14 steps succeeded, 5 were not run.",
    ]);
    expect(failed.data.error).toEqual({
      message: "GET /orgs/x/rftemplates failed (400)",
      status: 400,
      detail: "invalid field: band_5.channels",
    });
    const step = renderMessage(failedView(), { deployment_id: dep, event: "step_failed", step: "s09" });
    expect(step.headline).toBe('mistflow: step s09 (RF template) failed for site "Store NET-1"');
    expect(step.details.at(-1)).toBe("Attempts: 1.");
  });

  it("reports failed assurance with every metric against its threshold", () => {
    const view = testView({
      status: "failed_assurance",
      error: { step: "assure", message: "SLEs below threshold: coverage 0.412 < 0.9" },
    });
    view.steps.assure = {
      state: "failed",
      attempts: 1,
      mist_ids: {},
      error: { message: "SLEs below threshold: coverage 0.412 < 0.9", permanent: true },
      assurance: {
        verdict: "fail",
        metrics: [
          { metric: "coverage", value: 0.412, threshold: 0.9, verdict: "fail" },
          { metric: "capacity", value: 0.97, threshold: 0.9, verdict: "pass" },
          { metric: "roaming", threshold: 0.9, verdict: "no_data" },
        ],
      },
    };
    const m = renderMessage(view, { deployment_id: dep, event: "failed_assurance", step: "assure" });
    expect(m.headline).toBe('mistflow deployed site "Store NET-1", but its SLEs failed assurance');
    expect(m.details).toEqual([
      "SLEs below threshold: coverage 0.412 < 0.9",
      "coverage: 0.412 (threshold 0.9) fail",
      "capacity: 0.970 (threshold 0.9) pass",
      "roaming: no data (threshold 0.9) no_data",
    ]);
    expect(m.data).toMatchObject({ status: "failed_assurance", step: "assure" });
  });

  it("renders plain text for work notes and ADF for Jira comments", () => {
    const m = renderMessage(testView(), { deployment_id: dep, event: "succeeded" }, "https://mf.example.com");
    expect(messageText(m).split("\n")).toEqual([
      '[mistflow] mistflow deployed site "Store NET-1": all steps succeeded',
      "14 steps succeeded in 12.3 s.",
      "Mist site id: site-1.",
      `Status: https://mf.example.com/v1/deployments/${dep}`,
    ]);
    const adf = toAdf(m);
    expect(adf).toMatchObject({ type: "doc", version: 1 });
    expect(adf.content[0]).toEqual({
      type: "paragraph",
      content: [{ type: "text", text: m.headline, marks: [{ type: "strong" }] }],
    });
    expect(adf.content.at(-1)?.content[1]).toEqual({
      type: "text",
      text: m.link,
      marks: [{ type: "link", attrs: { href: m.link } }],
    });
  });
});
