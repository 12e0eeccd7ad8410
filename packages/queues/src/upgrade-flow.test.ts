import type { FlowJob } from "bullmq";
import { describe, expect, it } from "vitest";
import { buildUpgradeFlow, UPGRADE_WAVE_JOB, upgradeWaveJobId } from "./upgrade-flow";

/** The chain from the root down: the root is the last wave, the leaf (run first) the first. */
const chainOf = (flow: FlowJob): FlowJob[] => {
  const out: FlowJob[] = [];
  let node: FlowJob | undefined = flow;
  while (node) {
    out.push(node);
    expect((node.children ?? []).length).toBeLessThanOrEqual(1);
    node = node.children?.[0] as FlowJob | undefined;
  }
  return out;
};

describe("buildUpgradeFlow", () => {
  it("chains the waves so the first runs first and each is the parent of the one before", () => {
    const chain = chainOf(buildUpgradeFlow("upg-aaaaaaaaaaaaaaaaaaaaaaaa", 0, 1, 4));
    expect(chain.map((n) => n.data.wave)).toEqual([4, 3, 2, 1]);
    expect(chain.map((n) => n.opts?.jobId)).toEqual([
      "upg-aaaaaaaaaaaaaaaaaaaaaaaa.w4",
      "upg-aaaaaaaaaaaaaaaaaaaaaaaa.w3",
      "upg-aaaaaaaaaaaaaaaaaaaaaaaa.w2",
      "upg-aaaaaaaaaaaaaaaaaaaaaaaa.w1",
    ]);
    expect(chain.every((n) => n.name === UPGRADE_WAVE_JOB && n.queueName === "day2")).toBe(true);
    expect(chain.every((n) => n.opts?.failParentOnFailure === true)).toBe(true);
  });

  it("gives a resumed chain ids of its own, starting at the wave it resumes", () => {
    const chain = chainOf(buildUpgradeFlow("upg-bbbbbbbbbbbbbbbbbbbbbbbb", 2, 3, 5));
    expect(chain.map((n) => n.opts?.jobId)).toEqual([
      "upg-bbbbbbbbbbbbbbbbbbbbbbbb.w5.r2",
      "upg-bbbbbbbbbbbbbbbbbbbbbbbb.w4.r2",
      "upg-bbbbbbbbbbbbbbbbbbbbbbbb.w3.r2",
    ]);
    expect(chain.every((n) => n.data.generation === 2)).toBe(true);
    expect(upgradeWaveJobId("upg-x", 1, 0)).toBe("upg-x.w1");
  });

  it("refuses an empty range", () => {
    expect(() => buildUpgradeFlow("upg-x", 0, 3, 2)).toThrow(RangeError);
  });
});
