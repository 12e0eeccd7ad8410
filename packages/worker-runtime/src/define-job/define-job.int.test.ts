import type { StepError } from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { type Job, Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { StepFailure } from "../step-failure";
import { defineJob, type JobSpec } from "./define-job";

const Payload = z.strictObject({ record_id: z.string().min(1) });
const KIND = { name: "test-job", payload: Payload };

/** What the envelope told the record, in order. */
type Told = { retry: StepError } | { final: StepError };

describe("defineJob: one envelope for every job kind, on a real Worker", () => {
  const prefix = uniquePrefix("define-job");
  const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
  let n = 0;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  /** Runs one job of KIND through `defineJob(spec)` until it completes or fails for good. */
  async function runJob(
    data: unknown,
    attempts: number,
    behave: (run: number) => Promise<string>,
    extra: Partial<JobSpec<typeof Payload, string>> = {},
  ) {
    const queueName = `q-${n++}`;
    const told: Told[] = [];
    const runs: Array<{ record_id: string }> = [];
    const processor = defineJob({
      kind: KIND,
      run: async (payload) => {
        runs.push(payload);
        return behave(runs.length);
      },
      onRetry: async (_d, failure) => void told.push({ retry: failure }),
      onFinal: async (_d, failure) => void told.push({ final: failure }),
      ...extra,
    });
    const queue = new Queue(queueName, { connection: redis, prefix });
    const events = new QueueEvents(queueName, { connection: redis, prefix });
    await events.waitUntilReady();
    const worker = new Worker(queueName, processor, { connection: redis, prefix, concurrency: 1 });
    try {
      const job = await queue.add(KIND.name, data, { attempts, backoff: { type: "fixed", delay: 10 } });
      const ended = new Promise<"completed" | "failed">((resolve) => {
        events.on("completed", (e) => e.jobId === job.id && resolve("completed"));
        events.on("failed", async (e) => {
          if (e.jobId !== job.id) return;
          const current = (await queue.getJob(job.id ?? "")) as Job;
          if ((await current.getState()) === "failed") resolve("failed");
        });
      });
      const end = await ended;
      const final = (await queue.getJob(job.id ?? "")) as Job;
      return {
        end,
        told,
        runs,
        attemptsMade: final.attemptsMade,
        reason: final.failedReason,
        value: final.returnvalue,
      };
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  }

  it("fails a payload that does not parse at once, naming the field, and never runs it", async () => {
    const r = await runJob({ record_id: "" }, 5, async () => "ran");
    expect(r.end).toBe("failed");
    expect(r.runs).toEqual([]);
    expect(r.attemptsMade).toBe(1);
    expect(r.reason).toMatch(/^invalid test-job payload: .*record_id/s);
  });

  it("hands the parsed payload to run and tells the record each retry before the success", async () => {
    const r = await runJob({ record_id: "r-1" }, 3, async (run) => {
      if (run < 3) throw new Error(`flaky ${run}`);
      return "done";
    });
    expect(r.end).toBe("completed");
    expect(r.value).toBe("done");
    expect(r.runs).toEqual([{ record_id: "r-1" }, { record_id: "r-1" }, { record_id: "r-1" }]);
    expect(r.told).toEqual([
      { retry: { message: "flaky 1", permanent: false } },
      { retry: { message: "flaky 2", permanent: false } },
    ]);
  });

  it("ends a permanent failure at the first attempt, whatever is left, and tells the record it is final", async () => {
    const r = await runJob({ record_id: "r-2" }, 5, async () => {
      throw new StepFailure("Mist refused the device");
    });
    expect(r.end).toBe("failed");
    expect(r.attemptsMade).toBe(1);
    expect(r.told).toEqual([{ final: { message: "Mist refused the device", permanent: true } }]);
  });

  it("says final on the last attempt of a transient failure", async () => {
    const r = await runJob({ record_id: "r-3" }, 2, async (run) => {
      throw new Error(`down ${run}`);
    });
    expect(r.end).toBe("failed");
    expect(r.told).toEqual([
      { retry: { message: "down 1", permanent: false } },
      { final: { message: "down 2", permanent: false } },
    ]);
  });

  it("parks on a wait it is told of, spending no attempt and telling the record nothing", async () => {
    const wait = new Error("not yet");
    const r = await runJob(
      { record_id: "r-4" },
      1,
      async (run) => {
        if (run < 3) throw wait;
        return "after the wait";
      },
      { parkFor: (e) => (e === wait ? 20 : undefined) },
    );
    expect(r.end).toBe("completed");
    expect(r.runs).toHaveLength(3);
    expect(r.told).toEqual([]);
  });
});
