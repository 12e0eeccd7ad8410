import { workerConnection } from "@mistflow/config";
import { FlowProducer, type Job, Worker } from "bullmq";

export interface BenchWorkerConfig {
  redisUrl: string;
  prefix: string;
  queue: string;
  concurrency: number;
}

/**
 * A baseline's worker for one queue, with the settings of @mistflow/worker-runtime's
 * createQueueWorker, so that only the processor differs from mistflow's. The processor gets a
 * flow producer to attach successors as the real steps do. Resolves to its close.
 */
export async function startBenchWorker(
  cfg: BenchWorkerConfig,
  processor: (job: Job, flows: FlowProducer) => Promise<unknown>,
): Promise<() => Promise<void>> {
  const redis = workerConnection(cfg.redisUrl);
  redis.on("error", () => {});
  const flows = new FlowProducer({ connection: redis, prefix: cfg.prefix });
  flows.on("error", () => {});
  const worker = new Worker(cfg.queue, (job) => processor(job, flows), {
    connection: redis,
    prefix: cfg.prefix,
    concurrency: cfg.concurrency,
    lockDuration: 60_000,
    maxStalledCount: 2,
    maxStartedAttempts: 200,
  });
  worker.on("error", () => {});
  await worker.waitUntilReady();
  return async () => {
    await worker.close();
    await flows.close();
    redis.disconnect();
  };
}
