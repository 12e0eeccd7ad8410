import { uniquePrefix } from "@mistflow/testing";
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type AttemptOutcome, attemptOutcome, toThrown } from "./attempt-outcome";

/**
 * The finality rule against what BullMQ then does: every row runs a real Worker on real Redis,
 * the processor asks `attemptOutcome` before it throws, and the test checks that a "retry" was
 * followed by another run and a "final" by the failed state, with nothing run after it.
 */
type Throw = "transient" | "permanent" | "park" | "custom-no-retry";

interface Row {
  name: string;
  attempts: number;
  /** What the processor throws on its 1st, 2nd, … run. */
  script: Throw[];
  /** What attemptOutcome said on each run. */
  expected: AttemptOutcome[];
  maxStartedAttempts?: number;
  customBackoff?: boolean;
}

const TABLE: Row[] = [
  {
    name: "transient error: retry until the last attempt, which is final",
    attempts: 3,
    script: ["transient", "transient", "transient"],
    expected: ["retry", "retry", "final"],
  },
  {
    name: "permanent failure: final at the first attempt, whatever is left",
    attempts: 5,
    script: ["permanent"],
    expected: ["final"],
  },
  {
    name: "transient then permanent: final at the second",
    attempts: 5,
    script: ["transient", "permanent"],
    expected: ["retry", "final"],
  },
  {
    name: "parking spends no attempt: park, park, then the one attempt is final",
    attempts: 1,
    script: ["park", "park", "transient"],
    expected: ["park", "park", "final"],
  },
  {
    // attemptsMade + 1 >= attempts says "retry" here (1 of 5 used); BullMQ fails the job.
    name: "maxStartedAttempts reached after parking: final with attempts left",
    attempts: 5,
    maxStartedAttempts: 2,
    script: ["park", "transient"],
    expected: ["park", "final"],
  },
  {
    name: "a backoff strategy that answers -1: final with attempts left",
    attempts: 5,
    customBackoff: true,
    script: ["custom-no-retry"],
    expected: ["final"],
  },
];

describe("attemptOutcome: the one finality rule, checked against BullMQ's behaviour", () => {
  const prefix = uniquePrefix("attempt-outcome");
  const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it.each(TABLE)("$name", async (row) => {
    const queueName = `q-${TABLE.indexOf(row)}`;
    const queue = new Queue(queueName, { connection: redis, prefix });
    const said: AttemptOutcome[] = [];
    let runs = 0;
    let settled: (state: string) => void = () => {};
    const done = new Promise<string>((resolve) => {
      settled = resolve;
    });
    const worker = new Worker(
      queueName,
      async (job: Job, token?: string) => {
        const kind = row.script[runs++] ?? "transient";
        let thrown: unknown;
        if (kind === "park") {
          thrown = new DelayedError();
          said.push(await attemptOutcome(job, thrown));
          await job.moveToDelayed(Date.now() + 10, token);
          throw thrown;
        }
        if (kind === "permanent") thrown = toThrown(new Error("Mist refused the body"), true);
        else if (kind === "custom-no-retry") thrown = new Error("no-retry");
        else thrown = toThrown(new Error("Mist answered 503"), false);
        said.push(await attemptOutcome(job, thrown));
        throw thrown;
      },
      {
        connection: redis,
        prefix,
        concurrency: 1,
        ...(row.maxStartedAttempts ? { maxStartedAttempts: row.maxStartedAttempts } : {}),
        ...(row.customBackoff ? { settings: { backoffStrategy: () => -1 } } : {}),
      },
    );
    worker.on("failed", (job) => {
      if (job?.finishedOn) settled("failed");
    });
    try {
      await queue.add(
        "job",
        {},
        {
          attempts: row.attempts,
          backoff: row.customBackoff ? { type: "custom" } : { type: "fixed", delay: 10 },
        },
      );
      expect(await done).toBe("failed");
      const [job] = await queue.getJobs(["failed"]);
      expect(job?.attemptsStarted).toBe(row.script.length);
      expect(said).toEqual(row.expected);
      expect(runs).toBe(row.script.length);
      expect(await queue.getJobCounts("wait", "delayed", "active")).toEqual({
        wait: 0,
        delayed: 0,
        active: 0,
      });
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it("toThrown wraps permanent failures once and leaves transient ones as they are", () => {
    const unrecoverable = new UnrecoverableError("x");
    expect(toThrown(unrecoverable, true)).toBe(unrecoverable);
    expect(toThrown("boom", true)).toBeInstanceOf(UnrecoverableError);
    const plain = new Error("y");
    expect(toThrown(plain, false)).toBe(plain);
  });
});
