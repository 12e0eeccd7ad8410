import { describe, expect, it } from "vitest";
import { AssuranceSettings, SLE_METRICS } from "./assurance";
import {
  assuranceEnabled,
  describeFailures,
  judgeMetrics,
  MAX_POLLS_PER_WINDOW,
  overallVerdict,
  resolveAssurance,
  sleValuesOf,
} from "./verdict";

const defaults = { soakS: 1800, pollS: 60, threshold: 0.9 };
const good = Object.fromEntries(SLE_METRICS.map((m) => [m, 0.97]));

describe("assurance verdict", () => {
  const { thresholds } = resolveAssurance(defaults, undefined, undefined);

  it("passes a site whose every SLE reaches its threshold, including exactly at it", () => {
    const metrics = judgeMetrics({ ...good, coverage: 0.9 }, thresholds);
    expect(metrics.map((m) => m.verdict)).toEqual(SLE_METRICS.map(() => "pass"));
    expect(metrics.find((m) => m.metric === "coverage")).toEqual({
      metric: "coverage",
      value: 0.9,
      threshold: 0.9,
      verdict: "pass",
    });
    expect(overallVerdict(metrics)).toBe("pass");
  });

  it("fails a site with one SLE below its threshold and names it", () => {
    const metrics = judgeMetrics({ ...good, coverage: 0.412, capacity: 0.7 }, thresholds);
    expect(metrics.filter((m) => m.verdict === "fail").map((m) => m.metric)).toEqual([
      "coverage",
      "capacity",
    ]);
    expect(overallVerdict(metrics)).toBe("fail");
    expect(describeFailures(metrics)).toBe("coverage 0.412 < 0.9, capacity 0.700 < 0.9");
  });

  it("reports no data when Mist has none, and a metric without data alone fails nothing", () => {
    const none = judgeMetrics({}, thresholds);
    expect(none.every((m) => m.verdict === "no_data" && m.value === undefined)).toBe(true);
    expect(overallVerdict(none)).toBe("no_data");
    const { roaming: _, ...rest } = good;
    const partial = judgeMetrics(rest, thresholds);
    expect(partial.find((m) => m.metric === "roaming")?.verdict).toBe("no_data");
    expect(overallVerdict(partial)).toBe("pass");
  });

  it("reads the judged metrics from a roll-up row, anything else being no data", () => {
    expect(sleValuesOf(undefined)).toEqual({});
    expect(
      sleValuesOf({
        site_id: "x",
        num_aps: 4,
        coverage: 0.5,
        roaming: null,
        "ap-health": 0.9,
        capacity: "0.9",
      }),
    ).toEqual({ coverage: 0.5 });
  });

  it("a failing metric wins over metrics without data", () => {
    expect(overallVerdict(judgeMetrics({ "ap-availability": 0.5 }, thresholds))).toBe("fail");
  });
});

describe("assurance settings", () => {
  it("takes the request over the blueprint over the environment, per field and per metric", () => {
    const r = resolveAssurance(
      defaults,
      { soak_s: 600, poll_s: 30, thresholds: { coverage: 0.8, capacity: 0.85 } },
      { soak_s: 120, thresholds: { coverage: 0.75 } },
    );
    expect(r.soakMs).toBe(120_000);
    expect(r.pollMs).toBe(30_000);
    expect(r.thresholds.coverage).toBe(0.75);
    expect(r.thresholds.capacity).toBe(0.85);
    expect(r.thresholds.roaming).toBe(0.9);
  });

  it("never cuts a window into more looks than a job may be picked up", () => {
    const r = resolveAssurance({ soakS: 3600, pollS: 1, threshold: 0.9 }, undefined, undefined);
    expect(r.pollMs).toBe(Math.ceil(3_600_000 / MAX_POLLS_PER_WINDOW));
    expect(resolveAssurance({ soakS: 2, pollS: 0.5, threshold: 0.9 }, undefined, undefined).pollMs).toBe(500);
  });

  it("is on by default only when devices are assigned; request, then blueprint decide otherwise", () => {
    const noDevices = { devices: { claim_codes: [], macs: [], serials: [] } };
    const withDevices = { devices: { claim_codes: [], macs: ["5c5b35a00001"], serials: [] } };
    expect(assuranceEnabled(noDevices, {})).toBe(false);
    expect(assuranceEnabled(withDevices, {})).toBe(true);
    expect(assuranceEnabled(withDevices, { assurance: { enabled: false } })).toBe(false);
    expect(
      assuranceEnabled({ ...noDevices, assurance: { enabled: true } }, { assurance: { enabled: false } }),
    ).toBe(true);
  });

  it("names the field of a bad setting", () => {
    const bad = AssuranceSettings.safeParse({ soak_s: -1, thresholds: { coverage: 1.5, bogus: 0.5 } });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toContain("soak_s");
    expect(paths).toContain("thresholds.coverage");
    // The unknown metric name is reported on the map itself.
    expect(paths).toContain("thresholds");
    expect(AssuranceSettings.safeParse({ window: 5 }).success).toBe(false);
  });
});
