import { describe, expect, it } from "vitest";
import { willFail } from "./failure-plan";
import { resolveVersion, versionsFor } from "./firmware-catalog";
import { planPhases } from "./upgrade-plan";

const macs = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);

describe("planPhases", () => {
  it("big_bang runs everything at once, serial one by one", () => {
    expect(planPhases("big_bang", macs(3))).toEqual([["m0", "m1", "m2"]]);
    expect(planPhases("serial", macs(3))).toEqual([["m0"], ["m1"], ["m2"]]);
    expect(planPhases("canary", [])).toEqual([]);
  });

  it("canary follows cumulative percentages (default 1, 10, 50, 100)", () => {
    expect(planPhases("canary", macs(20)).map((p) => p.length)).toEqual([1, 1, 8, 10]);
    expect(planPhases("canary", macs(3)).map((p) => p.length)).toEqual([1, 1, 1]);
    expect(planPhases("canary", macs(10), { canary_phases: [50, 20] }).map((p) => p.length)).toEqual([
      2, 3, 5,
    ]);
  });

  it("rrm takes a first batch, then batches of rrm_max_batch_percentage", () => {
    expect(planPhases("rrm", macs(10)).map((p) => p.length)).toEqual([1, 3, 3, 3]);
    expect(
      planPhases("rrm", macs(10), { rrm_first_batch_percentage: 50, rrm_max_batch_percentage: 50 }).map(
        (p) => p.length,
      ),
    ).toEqual([5, 5]);
  });
});

describe("firmware catalog", () => {
  it("resolves stable (also for no version) and exact versions per model", () => {
    expect(resolveVersion(undefined, "AP45", "ap")).toBe("0.14.29633");
    expect(resolveVersion("stable", "SRX320", "gateway")).toBe("23.4R2-S3");
    expect(resolveVersion("24.2R1", "EX4100-48P", "switch")).toBe("24.2R1");
    expect(resolveVersion("24.2R1", "AP45", "ap")).toBeUndefined();
    // Unknown models borrow their type's list.
    expect(versionsFor("AP47", "ap")).toEqual(versionsFor("AP45", "ap"));
  });

  it("lists a stable, a beta and untagged builds per model", () => {
    expect(versionsFor("AP45", "ap").map((v) => v.tag)).toEqual(["beta", "stable", "", ""]);
  });
});

describe("willFail", () => {
  const none = () => {
    throw new Error("no draw expected");
  };
  it("fails listed MACs without drawing, and models by probability", () => {
    expect(willFail({ macs: ["aa"], model: null, probability: 0 }, { mac: "aa", model: "AP45" }, none)).toBe(
      true,
    );
    expect(willFail({ macs: [], model: null, probability: 0 }, { mac: "aa", model: "AP45" }, none)).toBe(
      false,
    );
    expect(willFail({ macs: [], model: "SRX320", probability: 1 }, { mac: "aa", model: "AP45" }, none)).toBe(
      false,
    );
    expect(
      willFail({ macs: [], model: "AP45", probability: 0.5 }, { mac: "aa", model: "AP45" }, () => 0.4),
    ).toBe(true);
    expect(willFail({ macs: [], model: null, probability: 0.5 }, { mac: "aa", model: "X" }, () => 0.6)).toBe(
      false,
    );
  });
});
