import { DOMAINS, type Domain, STEPS, type StepId } from "@mistflow/contracts";

/** One queue per domain; each domain runs in its own worker process. */
export const QUEUE_NAMES: Readonly<Record<Domain, string>> = Object.fromEntries(
  DOMAINS.map((d) => [d, d]),
) as Record<Domain, string>;

/** The step queues, one per domain. */
export const ALL_QUEUE_NAMES: readonly string[] = DOMAINS.map((d) => QUEUE_NAMES[d]);

/** The root job that completes when the whole deployment has. It lives with late binding. */
export const ROOT_JOB_NAME = "complete-deployment";
export const ROOT_QUEUE: Domain = "orchestration";

export const queueForStep = (step: StepId): string => QUEUE_NAMES[STEPS[step].domain];

/** Deterministic ids make re-adding a flow a no-op (BullMQ #1793: root-only ids duplicate children). */
export const stepJobId = (deploymentId: string, step: StepId): string => `${deploymentId}.${step}`;
export const rootJobId = (deploymentId: string): string => `${deploymentId}.root`;
