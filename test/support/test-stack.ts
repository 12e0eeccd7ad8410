import { type LocalStack, startLocalStack } from "@mistflow/process-stack";
import { uniquePrefix } from "@mistflow/testing";
import { inject } from "vitest";
import {
  type StackUnderTest,
  stackUnderTest,
  TEST_BOARD,
  TEST_INTAKE_ENV,
  TEST_WORKER_ENV,
} from "./stack-under-test";

export { DEMO_ORG } from "./stack-under-test";

/** A stack of real processes, for the claims that need process boundaries (kill -9, SIGTERM, logs). */
export interface TestStack extends LocalStack, StackUnderTest {}

/** A full stack of real processes on a key prefix of its own; `shutdown` removes every key it made. */
export interface TestStackOptions {
  workerEnv?: Record<string, string>;
  intakeEnv?: Record<string, string>;
  /** For the notify worker: the webhooks config and write-back credentials. */
  notifyEnv?: Record<string, string>;
  simArgs?: string[];
}

export async function startTestStack(label: string, opts: TestStackOptions = {}): Promise<TestStack> {
  const redisUrl = inject("redisUrl");
  const prefix = uniquePrefix(label);
  const stack = await startLocalStack({
    redisUrl,
    prefix,
    board: TEST_BOARD,
    logLevel: "info",
    intakeEnv: { ...TEST_INTAKE_ENV, ...opts.intakeEnv },
    workerEnv: { ...TEST_WORKER_ENV, ...opts.workerEnv },
    ...(opts.notifyEnv ? { notifyEnv: opts.notifyEnv } : {}),
    ...(opts.simArgs ? { simArgs: opts.simArgs } : {}),
  });
  return {
    ...stack,
    ...stackUnderTest({ ...stack, prefix, redisUrl }),
  };
}
