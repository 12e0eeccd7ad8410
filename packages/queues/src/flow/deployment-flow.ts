import type { StepId, StepJobData } from "@mistflow/contracts";
import { STEPS } from "@mistflow/contracts";
import type { FlowJob, FlowJobNode } from "bullmq";
import { flowNodeOptions, type StepRetryPolicy } from "../job-options";
import { QUEUE_NAMES, queueForStep, ROOT_JOB_NAME, ROOT_QUEUE, rootJobId, stepJobId } from "../names";

/**
 * BullMQ flows are trees (one parent per job) while the deployment is a DAG: steps 1 and 9 each
 * have two dependants. The static skeleton follows the path to late binding; the other
 * dependants are attached under the root by steps 1 and 9 themselves while they run, so every
 * step starts exactly when its own prerequisites are done (docs/design/queues.md §2.3, option B).
 */
export interface TreeNode {
  step: StepId;
  children?: TreeNode[];
}

const SKELETON: TreeNode = {
  step: "final",
  children: [
    { step: "s01" },
    { step: "s06", children: [{ step: "s05", children: [{ step: "s03" }] }] },
    { step: "s07", children: [{ step: "s04" }] },
    { step: "s09", children: [{ step: "s08" }] },
  ],
};

const chain = (...steps: StepId[]): TreeNode => {
  const [head, ...rest] = steps;
  if (!head) throw new Error("empty chain");
  return rest.length ? { step: head, children: [chain(...rest)] } : { step: head };
};

/** Subtrees a step attaches under the root once its own work is done. */
export const ATTACHED_AFTER: Partial<Record<StepId, TreeNode>> = {
  s01: { step: "s02" },
  s09: chain("s13", "s12", "s11", "s10"),
};

export const SKELETON_TREE: Readonly<TreeNode> = SKELETON;

/**
 * With SLE assurance the root waits for the assurance step, which waits for late binding: the
 * deployment is finished only once the site's user experience has been checked.
 */
export const ASSURED_SKELETON_TREE: Readonly<TreeNode> = { step: "assure", children: [SKELETON] };

export interface DeploymentFlowOptions {
  /** Whether the deployment has the assurance step (`assuranceEnabled` in contracts). Default off. */
  assurance?: boolean;
}

export function toFlowNode(depId: string, node: TreeNode, policy: StepRetryPolicy): FlowJobNode {
  const data: StepJobData = { deployment_id: depId, step: node.step };
  const base = {
    name: STEPS[node.step].name,
    queueName: queueForStep(node.step),
    data,
    opts: flowNodeOptions(stepJobId(depId, node.step), policy),
  };
  return node.children ? { ...base, children: node.children.map((c) => toFlowNode(depId, c, policy)) } : base;
}

/** The flow added at intake: root ← [assurance ←] late binding ← the four lanes. */
export function buildDeploymentFlow(
  depId: string,
  policy: StepRetryPolicy,
  options: DeploymentFlowOptions = {},
): FlowJob {
  const top = options.assurance ? ASSURED_SKELETON_TREE : SKELETON;
  return {
    name: ROOT_JOB_NAME,
    queueName: QUEUE_NAMES[ROOT_QUEUE],
    data: { deployment_id: depId },
    opts: flowNodeOptions(rootJobId(depId), policy),
    children: [toFlowNode(depId, top, policy)],
  };
}

/**
 * The subtree `step` must attach under the deployment's root, or undefined. The caller adds it
 * with `FlowProducer.add` before returning, while the root still has late binding pending and so
 * cannot complete early. Re-adding after a retry is a no-op thanks to deterministic ids.
 */
export function attachedFlowAfter(
  depId: string,
  step: StepId,
  policy: StepRetryPolicy,
  prefix: string,
): FlowJob | undefined {
  const node = ATTACHED_AFTER[step];
  if (!node) return undefined;
  const { opts, ...sub } = toFlowNode(depId, node, policy);
  const parent = { id: rootJobId(depId), queue: `${prefix}:${QUEUE_NAMES[ROOT_QUEUE]}` };
  return { ...sub, opts: { ...opts, parent } } as FlowJob;
}
