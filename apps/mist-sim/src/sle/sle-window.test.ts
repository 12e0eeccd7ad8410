import { describe, expect, it } from "vitest";
import { baselineSle } from "./sle-baseline";
import { parseSleMetric, SITE_METRIC_NAMES } from "./sle-metrics";
import { parseDuration, parseSleWindow, sampleInterval } from "./sle-window";

const NOW = 1_800_000_000_500; // ms, half a second into a second

describe("parseSleWindow", () => {
  it("defaults to the last day ending now (rounded up to the second)", () => {
    expect(parseSleWindow({}, NOW)).toEqual({ start: 1_800_000_001 - 86_400, end: 1_800_000_001 });
  });

  it("takes epoch seconds, relative times and durations", () => {
    expect(parseSleWindow({ start: "1000", end: "4600" }, NOW)).toEqual({ start: 1000, end: 4600 });
    expect(parseSleWindow({ start: "1000", duration: "10m" }, NOW)).toEqual({ start: 1000, end: 1600 });
    expect(parseSleWindow({ end: "now", duration: "2w" }, NOW).start).toBe(1_800_000_001 - 1_209_600);
    expect(parseSleWindow({ start: "-2h" }, NOW)).toEqual({
      start: 1_800_000_001 - 7200,
      end: 1_800_000_001,
    });
  });

  it("rejects what it cannot read, naming the parameter", () => {
    expect(() => parseSleWindow({ start: "yesterday" }, NOW)).toThrow(/invalid field: start/);
    expect(() => parseSleWindow({ duration: "1y" }, NOW)).toThrow(/invalid field: duration/);
    expect(() => parseSleWindow({ start: "10", end: "5" }, NOW)).toThrow(/invalid field: end/);
    expect(() => parseDuration("0m")).toThrow();
  });
});

describe("sampleInterval", () => {
  it("uses hourly samples for a day, as Mist does, and coarser steps for longer windows", () => {
    expect(sampleInterval({ start: 0, end: 86_400 })).toBe(3600);
    expect(sampleInterval({ start: 0, end: 600 })).toBe(60);
    expect(sampleInterval({ start: 0, end: 3600 })).toBe(600);
    expect(sampleInterval({ start: 0, end: 7 * 86_400 })).toBe(86_400);
  });
});

describe("SLE metrics and baseline", () => {
  it("maps successful-connect to the site name failed-to-connect and back", () => {
    expect(SITE_METRIC_NAMES).toContain("failed-to-connect");
    expect(SITE_METRIC_NAMES).not.toContain("successful-connect");
    expect(parseSleMetric("failed-to-connect")).toBe("successful-connect");
    expect(parseSleMetric("successful-connect")).toBe("successful-connect");
    expect(parseSleMetric("switch_health")).toBeUndefined();
  });

  it("derives a healthy, repeatable value per site and metric", () => {
    const a = baselineSle("6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001", "coverage");
    expect(a).toBe(baselineSle("6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001", "coverage"));
    expect(a).not.toBe(baselineSle("6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0002", "coverage"));
    for (let i = 0; i < 50; i++) {
      const v = baselineSle(`site-${i}`, "capacity");
      expect(v).toBeGreaterThanOrEqual(0.95);
      expect(v).toBeLessThanOrEqual(0.99);
    }
  });
});
