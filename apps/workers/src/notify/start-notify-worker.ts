import { workerConnection } from "@mistflow/config";
import { DeploymentStore } from "@mistflow/deployments";
import { createLogger, type Logger } from "@mistflow/logger";
import { NOTIFY_QUEUE } from "@mistflow/queues";
import { startTelemetry } from "@mistflow/telemetry";
import { closeWithDeadline, createQueueWorker } from "@mistflow/worker-runtime";
import type { NotifyEnv } from "./notify-env";
import { createNotifyProcessor } from "./notify-processor";
import { loadWriteBack } from "./targets";

export interface RunningNotifyWorker {
  close(): Promise<"graceful" | "forced">;
}

/**
 * The `notify` queue's worker: writes deployment events back to the tickets they came from.
 * `secretEnv` is where the credentials the config names are read (the process env).
 */
export async function startNotifyWorker(
  env: NotifyEnv,
  secretEnv: Record<string, string | undefined>,
  log: Logger = createLogger({ name: "worker-notify", level: env.LOG_LEVEL }),
): Promise<RunningNotifyWorker> {
  // The write-back joins the trace of the request or webhook that started the deployment.
  const telemetry = await startTelemetry("worker-notify", env);
  if (telemetry.enabled) log.info({ traces: telemetry.tracesUrl }, "OpenTelemetry tracing on");
  const writeBack = await loadWriteBack(env.WEBHOOKS_CONFIG_FILE, secretEnv);
  if (writeBack.targets.size === 0) log.warn("no write-back is configured; ticket events will be skipped");
  const redis = workerConnection(env.REDIS_URL);
  redis.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
  const worker = createQueueWorker({
    queueName: NOTIFY_QUEUE,
    prefix: env.MISTFLOW_PREFIX,
    connection: redis,
    concurrency: env.WORKER_CONCURRENCY,
    processor: createNotifyProcessor({
      store: new DeploymentStore(redis, env.MISTFLOW_PREFIX),
      writeBack,
      timeoutMs: env.NOTIFY_TIMEOUT_MS,
      log,
    }),
    log,
    ...(telemetry.bullmq ? { telemetry: telemetry.bullmq } : {}),
  });
  worker.on("failed", (job, err) => {
    // BullMQ stamps finishedOn only when it moves the job to failed for good, not on a retry.
    if (job?.finishedOn) {
      log.error({ job: job.id, err: err.message }, "write-back gave up");
    }
  });
  void worker.run();
  await worker.waitUntilReady();
  log.info(
    { queue: NOTIFY_QUEUE, concurrency: env.WORKER_CONCURRENCY, targets: [...writeBack.targets.keys()] },
    "worker started",
  );
  return {
    close: async () => {
      const outcome = await closeWithDeadline(worker, env.SHUTDOWN_GRACE_MS);
      await telemetry.shutdown().catch(() => {});
      redis.disconnect();
      log.info({ outcome }, "worker stopped");
      return outcome;
    },
  };
}
