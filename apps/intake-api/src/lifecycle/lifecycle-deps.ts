import type { DeploymentLifecycle, DeploymentStore } from "@mistflow/deployments";
import type { StepRetryPolicy } from "@mistflow/queues";
import type { FlowProducer, Queue } from "bullmq";
import { ApiError } from "../errors";

export interface LifecycleDeps {
  store: DeploymentStore;
  lifecycle: DeploymentLifecycle;
  flows: FlowProducer;
  policy: StepRetryPolicy;
  /** The step queues by name, to remove a deployment's jobs. */
  queues: ReadonlyMap<string, Queue>;
}

export const queueNamed = (deps: LifecycleDeps, name: string): Queue => {
  const q = deps.queues.get(name);
  if (!q) throw new Error(`no queue ${name}`);
  return q;
};

export const busy = (id: string) =>
  new ApiError(409, "busy", `another retry or cancel of deployment ${id} is in progress`);

export const notFound = (id: string) => new ApiError(404, "not_found", `deployment ${id} not found`);
