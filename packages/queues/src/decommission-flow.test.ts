import { DECOMMISSION_STEP_IDS } from "@mistflow/contracts";
import type { FlowJob } from "bullmq";
import { describe, expect, it } from "vitest";
import { buildDecommissionFlow, decommissionJobId } from "./decommission-flow";

/** The chain from its first step (the deepest child) to its root. */
const chain = (root: FlowJob): FlowJob[] => {
  const out: FlowJob[] = [];
  for (let n: FlowJob | undefined = root; n; n = n.children?.[0]) out.unshift(n);
  return out;
};

describe("buildDecommissionFlow", () => {
  it("runs the steps in teardown order, each only after the one before it", () => {
    const nodes = chain(buildDecommissionFlow("dcm-0123456789abcdef01234567", 0));
    expect(nodes.map((n) => n.data.step)).toEqual([...DECOMMISSION_STEP_IDS]);
    for (const n of nodes) expect(n.children?.length ?? 0).toBeLessThanOrEqual(1);
    expect(nodes.every((n) => n.opts?.failParentOnFailure)).toBe(true);
  });

  it("gives every generation its own deterministic job ids", () => {
    const first = chain(buildDecommissionFlow("dcm-0123456789abcdef01234567", 0)).map((n) => n.opts?.jobId);
    const again = chain(buildDecommissionFlow("dcm-0123456789abcdef01234567", 0)).map((n) => n.opts?.jobId);
    const resumed = chain(buildDecommissionFlow("dcm-0123456789abcdef01234567", 1)).map((n) => n.opts?.jobId);
    expect(again).toEqual(first);
    expect(first[0]).toBe(decommissionJobId("dcm-0123456789abcdef01234567", "unbind", 0));
    expect(resumed.some((id) => first.includes(id))).toBe(false);
  });
});
