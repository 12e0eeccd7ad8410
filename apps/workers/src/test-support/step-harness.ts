import { type RedisClient, redisClient, scanKeys } from "@mistflow/config";
import { MistClient } from "@mistflow/mist-client";
import { DEFAULT_TOKEN, type RunningSim, startSim } from "@mistflow/mist-sim";
import { uniquePrefix } from "@mistflow/testing";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import "./provided-context";

export interface StepHarness {
  /** A fresh in-process simulator per test, reached over HTTP. */
  readonly sim: RunningSim;
  readonly redis: RedisClient;
  /** A key prefix of the test's own; every key under it is deleted after the test. */
  readonly prefix: string;
  /** The demo org token's client, retrying without waiting. */
  readonly mist: MistClient;
}

/**
 * What a step's worker-layer test runs against: real Redis on a prefix of its own and the
 * simulator over HTTP, both fresh for every test. Call it at the top of a `describe`.
 */
export function useStepHarness(label: string): StepHarness {
  const h = {} as { sim: RunningSim; redis: RedisClient; prefix: string; mist: MistClient };
  beforeAll(async () => {
    h.redis = redisClient(inject("redisUrl"));
  });
  beforeEach(async () => {
    h.sim = await startSim();
    h.prefix = uniquePrefix(label);
    h.mist = new MistClient({
      baseUrl: h.sim.url,
      token: DEFAULT_TOKEN,
      tokenAlias: "demo",
      retry: { baseDelayMs: 1 },
    });
    return async () => {
      await h.sim.close();
      const keys = await scanKeys(h.redis, `${h.prefix}*`);
      if (keys.length) await h.redis.del(...keys);
    };
  });
  afterAll(async () => {
    await h.redis.quit();
  });
  return h;
}
