import type { FlowJob } from "bullmq";
import { describe, expect, it } from "vitest";
import { buildDecommissionFlow } from "../decommission-flow";
import { buildDeploymentFlow } from "../flow";
import { DEFAULT_RETRY_POLICY } from "../job-options";
import { buildRolloutFlow, rolloutPhases } from "../rollouts";
import { buildUpgradeFlow } from "../upgrade-flow";
import { JOB_CATALOG } from "./job-catalog";

const nodes = (flow: FlowJob): FlowJob[] => [flow, ...(flow.children ?? []).flatMap(nodes)];

/** The catalogue entry a job of this name and queue belongs to, or undefined. */
const kindOf = (job: FlowJob) =>
  Object.values(JOB_CATALOG).find(
    (k) =>
      (k.name === job.name || k === JOB_CATALOG.step) &&
      (k.queues as readonly string[]).includes(job.queueName),
  );

describe("JOB_CATALOG", () => {
  it("declares each job name once", () => {
    const names = Object.values(JOB_CATALOG).map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("holds every job the flow builders enqueue, and each payload parses against its kind's schema", () => {
    const flows = [
      buildDeploymentFlow("dep-0123456789abcdef01234567", DEFAULT_RETRY_POLICY, { assurance: true }),
      buildUpgradeFlow("upg-0123456789abcdef01234567", 0, 1, 3),
      buildDecommissionFlow("dcm-0123456789abcdef01234567", 0),
      buildRolloutFlow("rol-0123456789abcdef01234567", 0, rolloutPhases(2)),
    ];
    for (const job of flows.flatMap(nodes)) {
      const named = Object.values(JOB_CATALOG).find((k) => k.name === job.name);
      const kind = named ?? kindOf(job);
      expect(kind, `${job.queueName}/${job.name}`).toBeDefined();
      expect(kind?.queues, job.name).toContain(job.queueName);
      expect(kind?.payload.safeParse(job.data).success, `${job.name} ${JSON.stringify(job.data)}`).toBe(true);
    }
  });
});
