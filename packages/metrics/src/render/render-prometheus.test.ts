import { describe, expect, it } from "vitest";
import { DEPLOYMENTS, MIST_BUDGET_REMAINING, STEP_DURATION } from "../catalog";
import { seriesKey } from "../series";
import { mergeExposition, renderPrometheus } from "./render-prometheus";

describe("renderPrometheus", () => {
  it("prints each family once with HELP and TYPE, histograms in bucket order, sum and count last", () => {
    const labels = { step: "s01", outcome: "succeeded" };
    const recorded = {
      [seriesKey("mistflow_step_duration_seconds_count", labels)]: "2",
      [seriesKey("mistflow_step_duration_seconds_bucket", { ...labels, le: "+Inf" })]: "2",
      [seriesKey("mistflow_step_duration_seconds_bucket", { ...labels, le: "10" })]: "2",
      [seriesKey("mistflow_step_duration_seconds_bucket", { ...labels, le: "0.5" })]: "1",
      [seriesKey("mistflow_step_duration_seconds_sum", labels)]: "3.25",
      [seriesKey("mistflow_deployments_total", { outcome: "succeeded" })]: "3",
      [seriesKey("mistflow_from_a_newer_version_total")]: "1",
    };
    const text = renderPrometheus([STEP_DURATION, DEPLOYMENTS], recorded);
    expect(text).toBe(
      [
        `# HELP mistflow_step_duration_seconds ${STEP_DURATION.help}`,
        "# TYPE mistflow_step_duration_seconds histogram",
        'mistflow_step_duration_seconds_bucket{outcome="succeeded",step="s01",le="0.5"} 1',
        'mistflow_step_duration_seconds_bucket{outcome="succeeded",step="s01",le="10"} 2',
        'mistflow_step_duration_seconds_bucket{outcome="succeeded",step="s01",le="+Inf"} 2',
        'mistflow_step_duration_seconds_sum{outcome="succeeded",step="s01"} 3.25',
        'mistflow_step_duration_seconds_count{outcome="succeeded",step="s01"} 2',
        `# HELP mistflow_deployments_total ${DEPLOYMENTS.help}`,
        "# TYPE mistflow_deployments_total counter",
        'mistflow_deployments_total{outcome="succeeded"} 3',
        "",
      ].join("\n"),
    );
  });

  it("escapes backslashes, quotes and newlines in label values", () => {
    const evil = 'a"b\\c\nd';
    const fromHash = renderPrometheus([DEPLOYMENTS], {
      [seriesKey(DEPLOYMENTS.name, { outcome: evil })]: "1",
    });
    expect(fromHash).toContain('mistflow_deployments_total{outcome="a\\"b\\\\c\\nd"} 1');
    const gauge = renderPrometheus([], {}, [
      { def: MIST_BUDGET_REMAINING, samples: [{ labels: { token_alias: evil }, value: 4499 }] },
    ]);
    expect(gauge).toContain('mistflow_mist_budget_remaining{token_alias="a\\"b\\\\c\\nd"} 4499');
    expect(gauge.split("\n").filter((l) => l.startsWith("mistflow_"))).toHaveLength(1);
  });
});

describe("mergeExposition", () => {
  it("keeps each family's lines together and its HELP/TYPE once", () => {
    const perQueue = (q: string, n: number) =>
      [
        "# HELP bullmq_job_count Number of jobs in the queue by state",
        "# TYPE bullmq_job_count gauge",
        `bullmq_job_count{queue="${q}", state="waiting"} ${n}`,
        "# HELP bullmq_job_completed_total Total number of completed jobs",
        "# TYPE bullmq_job_completed_total counter",
        `bullmq_job_completed_total{queue="${q}"} ${n}`,
      ].join("\n");
    expect(mergeExposition([perQueue("a", 1), perQueue("b", 2)]).split("\n")).toEqual([
      "# HELP bullmq_job_count Number of jobs in the queue by state",
      "# TYPE bullmq_job_count gauge",
      'bullmq_job_count{queue="a", state="waiting"} 1',
      'bullmq_job_count{queue="b", state="waiting"} 2',
      "# HELP bullmq_job_completed_total Total number of completed jobs",
      "# TYPE bullmq_job_completed_total counter",
      'bullmq_job_completed_total{queue="a"} 1',
      'bullmq_job_completed_total{queue="b"} 2',
      "",
    ]);
  });
});
