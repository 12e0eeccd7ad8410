import type { FlowJob } from "bullmq";
import { describe, expect, it } from "vitest";
import { buildRolloutFlow, ROLLOUT_QUEUE, rolloutPhases } from "./rollout-flow";

const chain = (node: FlowJob | undefined): string[] =>
  node ? [...chain(node.children?.[0]), String(node.opts?.jobId)] : [];

describe("rollout flow", () => {
  it("runs prepare, each wave, then cleanup, each only after the one before", () => {
    const flow = buildRolloutFlow("rol-1", 0, rolloutPhases(3));
    expect(chain(flow)).toEqual([
      "rol-1.prepare.g0",
      "rol-1.w1.g0",
      "rol-1.w2.g0",
      "rol-1.w3.g0",
      "rol-1.cleanup.g0",
    ]);
    expect(flow.queueName).toBe(ROLLOUT_QUEUE);
    expect(flow.opts?.failParentOnFailure).toBe(true);
  });

  it("gives a resume from wave 2 ids of its own generation, and no prepare", () => {
    expect(chain(buildRolloutFlow("rol-1", 2, rolloutPhases(3, 2, false)))).toEqual([
      "rol-1.w2.g2",
      "rol-1.w3.g2",
      "rol-1.cleanup.g2",
    ]);
    expect(chain(buildRolloutFlow("rol-1", 3, [{ phase: "rollback" }]))).toEqual(["rol-1.rollback.g3"]);
  });
});
