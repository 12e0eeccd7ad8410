import { describe, expect, it } from "vitest";
import { evaluateSle, sleValuesOf } from "./sle-delta";

describe("evaluateSle", () => {
  const before = {
    a: { coverage: 0.97, capacity: 0.96 },
    b: { coverage: 0.95, capacity: 0.98 },
  };

  it("passes when no metric fell by more than max_drop", () => {
    const v = evaluateSle(
      ["a", "b"],
      before,
      { a: { coverage: 0.93, capacity: 0.97 }, b: before.b },
      {
        max_drop: 0.05,
      },
    );
    expect(v.breached).toBe(false);
    expect(v.reasons).toEqual([]);
    expect(v.deltas.find((d) => d.site_id === "a" && d.metric === "coverage")).toMatchObject({
      before: 0.97,
      after: 0.93,
      delta: -0.04,
      breached: false,
    });
  });

  it("breaches on one metric of one site falling too far, and names it", () => {
    const v = evaluateSle(
      ["a", "b"],
      before,
      { a: { coverage: 0.6, capacity: 0.96 }, b: before.b },
      {
        max_drop: 0.05,
      },
    );
    expect(v.breached).toBe(true);
    expect(v.deltas.filter((d) => d.breached).map((d) => [d.site_id, d.metric, d.delta])).toEqual([
      ["a", "coverage", -0.37],
    ]);
    expect(v.reasons[0]).toContain("site a: coverage fell from 0.97 to 0.6");
  });

  it("does not breach on a drop of exactly max_drop, nor on an improvement", () => {
    const v = evaluateSle(["a"], before, { a: { coverage: 0.92, capacity: 0.99 } }, { max_drop: 0.05 });
    expect(v.breached).toBe(false);
  });

  it("never breaches on missing data, but reports it", () => {
    const v = evaluateSle(["a", "c"], before, { a: {} }, { max_drop: 0 });
    expect(v.breached).toBe(false);
    expect(v.deltas.filter((d) => d.site_id === "a").every((d) => d.delta === null)).toBe(true);
    expect(v.deltas.some((d) => d.site_id === "c")).toBe(false);
  });

  it("judges only the metrics the guard names", () => {
    const v = evaluateSle(
      ["a"],
      before,
      { a: { coverage: 0.1, capacity: 0.96 } },
      {
        max_drop: 0.05,
        metrics: ["capacity"],
      },
    );
    expect(v.breached).toBe(false);
    expect(v.deltas.map((d) => d.metric)).toEqual(["capacity"]);
  });

  it("reads the metrics of a roll-up row and ignores counts and unknown keys", () => {
    expect(
      sleValuesOf({ site_id: "a", num_aps: 3, coverage: 0.9, "successful-connect": 0.8, foo: 0.5 }),
    ).toEqual({ coverage: 0.9, "successful-connect": 0.8 });
  });
});
