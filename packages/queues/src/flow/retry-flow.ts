import type { StepId } from "@mistflow/contracts";
import type { FlowJob } from "bullmq";
import { flowNodeOptions, type StepRetryPolicy } from "../job-options";
import { QUEUE_NAMES, queueForStep, ROOT_JOB_NAME, ROOT_QUEUE, rootJobId, stepJobId } from "../names";
import {
  ASSURED_SKELETON_TREE,
  ATTACHED_AFTER,
  type DeploymentFlowOptions,
  SKELETON_TREE,
  type TreeNode,
  toFlowNode,
} from "./deployment-flow";

/**
 * A tree node's children are its prerequisites, so a succeeded node heads an all-succeeded
 * subtree: dropping it drops nothing that still has to run.
 */
function prune(node: TreeNode, done: ReadonlySet<StepId>): TreeNode | undefined {
  if (done.has(node.step)) return undefined;
  const children = (node.children ?? []).flatMap((c) => prune(c, done) ?? []);
  return children.length ? { step: node.step, children } : { step: node.step };
}

/**
 * The flow that finishes a failed deployment: the same tree and job ids as at intake, without
 * the steps that succeeded. Successors a succeeded step would have attached (2 after 1, 10-13
 * after 9) hang under the root directly, since that step will not run again to attach them.
 * The previous jobs must be gone first (`deploymentJobsTopDown`): BullMQ keeps a failed job's
 * id, and re-adding it would be a no-op.
 */
export function buildRetryFlow(
  depId: string,
  policy: StepRetryPolicy,
  done: ReadonlySet<StepId>,
  /** `assurance`: the deployment has the assurance step (its record does not say `skipped`). */
  options: DeploymentFlowOptions = {},
): FlowJob {
  const subtrees: TreeNode[] = [];
  const skeleton = prune(options.assurance ? ASSURED_SKELETON_TREE : SKELETON_TREE, done);
  if (skeleton) subtrees.push(skeleton);
  for (const [after, sub] of Object.entries(ATTACHED_AFTER) as [StepId, TreeNode][]) {
    const rest = done.has(after) ? prune(sub, done) : undefined;
    if (rest) subtrees.push(rest);
  }
  return {
    name: ROOT_JOB_NAME,
    queueName: QUEUE_NAMES[ROOT_QUEUE],
    data: { deployment_id: depId },
    opts: flowNodeOptions(rootJobId(depId), policy),
    children: subtrees.map((t) => toFlowNode(depId, t, policy)),
  };
}

export interface JobRef {
  queue: string;
  id: string;
}

/**
 * Every job a deployment can have, parents before children. Removing them in this order never
 * leaves a parent whose last child was just removed, which BullMQ would move to `wait` and run.
 */
export function deploymentJobsTopDown(depId: string): JobRef[] {
  const out: JobRef[] = [{ queue: QUEUE_NAMES[ROOT_QUEUE], id: rootJobId(depId) }];
  // The assurance job may or may not exist; removing one that does not is a no-op.
  const level: TreeNode[] = [ASSURED_SKELETON_TREE, ...(Object.values(ATTACHED_AFTER) as TreeNode[])];
  while (level.length) {
    const next: TreeNode[] = [];
    for (const node of level) {
      out.push({ queue: queueForStep(node.step), id: stepJobId(depId, node.step) });
      next.push(...(node.children ?? []));
    }
    level.splice(0, level.length, ...next);
  }
  return out;
}
