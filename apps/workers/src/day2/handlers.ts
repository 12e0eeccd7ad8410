import type { RedisClient } from "@mistflow/config";
import type { Logger } from "@mistflow/logger";
import type { TokenPool } from "@mistflow/mist-client";
import type { FlowProducer, Job, Queue } from "bullmq";
import type { SecretSource } from "../secrets";

/** What every Day 2 job (upgrade waves, PSK rotations) may use; built once per process. */
export interface Day2Deps {
  redis: RedisClient;
  prefix: string;
  mist: TokenPool;
  flows: FlowProducer;
  /** The day2 queue itself, for follow-up jobs (polls, next waves, overlap expiry). */
  queue: Queue;
  secrets: SecretSource;
  log: Logger;
}

export type Day2Handler = (job: Job, token: string | undefined, deps: Day2Deps) => Promise<unknown>;

/**
 * Day 2 job name → handler. The day2 queue also carries deployment steps (the assurance step);
 * a job whose name is not here goes to the step processor.
 */
export const DAY2_HANDLERS: Readonly<Record<string, Day2Handler>> = {};
