import { workerConnection } from "@mistflow/config";
import type { Domain } from "@mistflow/contracts";
import { BlueprintRegistry, DeploymentStore } from "@mistflow/deployments";
import { IpamAllocator, loadIpamConfig } from "@mistflow/ipam";
import { createLogger, type Logger } from "@mistflow/logger";
import { MetricsRecorder, mistCallObserver } from "@mistflow/metrics";
import { tokenPoolFromEnv } from "@mistflow/mist-client";
import { DriftStore } from "@mistflow/plan";
import {
  DRIFT_CHECK_JOB,
  DRIFT_CHECK_SCHEDULER,
  NOTIFY_QUEUE,
  notifyRetryPolicy,
  QUEUE_NAMES,
  ROLLOUT_QUEUE,
} from "@mistflow/queues";
import { CallerTokenStore, parseEncryptionKey, SecretSource } from "@mistflow/secrets";
import { startTelemetry } from "@mistflow/telemetry";
import { closeWithDeadline, createQueueWorker, RedisLock } from "@mistflow/worker-runtime";
import { FlowProducer, type Processor, Queue, type Worker } from "bullmq";
import { OrgCatalog, SiteDirectory } from "../catalog";
import { DAY2_HANDLERS, type Day2Deps, runDriftCheck, runRolloutPhase } from "../day2";
import type { WorkersEnv } from "../env";
import { withStepMetrics } from "./step-metrics";
import { createStepProcessor, type ProcessorDeps, recordUnprocessedFailure } from "./step-processor";

export interface RunningDomainWorker {
  domain: Domain;
  close(): Promise<"graceful" | "forced">;
}

/**
 * One domain's worker with all it needs; the process entry point and tests both use this.
 * `secretEnv` is where secrets named by the config are looked up (the process env); tests that
 * run several stacks in one process hand each its own.
 */
export async function startDomainWorker(
  env: WorkersEnv,
  domain: Domain,
  log: Logger = createLogger({ name: `worker-${domain}`, level: env.LOG_LEVEL }),
  secretEnv: Record<string, string | undefined> = process.env,
): Promise<RunningDomainWorker> {
  // Before any queue or worker exists: they pick the tracer up when they are built.
  const telemetry = await startTelemetry(`worker-${domain}`, env);
  if (telemetry.enabled) log.info({ traces: telemetry.tracesUrl }, "OpenTelemetry tracing on");
  const traced = telemetry.bullmq ? { telemetry: telemetry.bullmq } : {};
  const redis = workerConnection(env.REDIS_URL);
  redis.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
  // Step, deployment and Mist call totals, flushed to Redis every ~1.5 s for the API's /metrics.
  const metrics = new MetricsRecorder(redis, {
    prefix: env.MISTFLOW_PREFIX,
    onError: (err) => log.warn({ err: err.message }, "metrics flush failed; will retry"),
  }).start();
  const ipamConfig = await loadIpamConfig(env.IPAM_CONFIG_FILE);
  // The env schema insists on a token source, so a pool always exists here.
  const mist = tokenPoolFromEnv(env, redis, { onCall: mistCallObserver(metrics) });
  if (!mist) throw new Error("no Mist token configured");
  const flows = new FlowProducer({ connection: redis, prefix: env.MISTFLOW_PREFIX, ...traced });
  flows.on("error", (err) => log.warn({ err: err.message }, "flow producer error"));
  const notify = new Queue(NOTIFY_QUEUE, { connection: redis, prefix: env.MISTFLOW_PREFIX, ...traced });
  notify.on("error", (err) => log.warn({ err: err.message, queue: NOTIFY_QUEUE }, "queue error"));
  const lock = new RedisLock(
    redis,
    env.MISTFLOW_PREFIX,
    env.FIND_OR_CREATE_LOCK_TTL_MS ?? env.MIST_TIMEOUT_MS + 15_000,
  );
  const registry = new BlueprintRegistry(redis, env.MISTFLOW_PREFIX);
  const deps: ProcessorDeps = {
    store: new DeploymentStore(redis, env.MISTFLOW_PREFIX),
    registry,
    callerTokens: new CallerTokenStore(
      redis,
      env.MISTFLOW_PREFIX,
      env.MIST_TOKEN_ENCRYPTION_KEY ? parseEncryptionKey(env.MIST_TOKEN_ENCRYPTION_KEY) : undefined,
    ),
    flows,
    mist,
    ipam: {
      config: ipamConfig,
      allocator: new IpamAllocator(redis, { prefix: `${env.MISTFLOW_PREFIX}:`, config: ipamConfig }),
    },
    lock,
    catalog: new OrgCatalog(redis, env.MISTFLOW_PREFIX, env.CATALOG_TTL_S),
    sites: new SiteDirectory(redis, env.MISTFLOW_PREFIX, lock, env.SITE_DIRECTORY_TTL_S),
    secrets: SecretSource.load(secretEnv, env.SECRETS_FILE),
    prefix: env.MISTFLOW_PREFIX,
    log,
    notify,
    notifyRetry: notifyRetryPolicy(env.NOTIFY_BACKOFF_MS),
    assurance: {
      soakS: env.ASSURANCE_SOAK_S,
      pollS: env.ASSURANCE_POLL_S,
      threshold: env.ASSURANCE_THRESHOLD,
    },
  };
  const stepProcessor = withStepMetrics(createStepProcessor(deps), metrics);
  let day2Queue: Queue | undefined;
  let processor: Processor = stepProcessor;
  let rolloutWorker: Worker | undefined;
  let rolloutQueue: Queue | undefined;
  if (domain === "day2") {
    day2Queue = new Queue(QUEUE_NAMES.day2, { connection: redis, prefix: env.MISTFLOW_PREFIX, ...traced });
    day2Queue.on("error", (err) => log.warn({ err: err.message, queue: QUEUE_NAMES.day2 }, "queue error"));
    const day2: Day2Deps = {
      redis,
      prefix: env.MISTFLOW_PREFIX,
      mist,
      flows,
      queue: day2Queue,
      secrets: deps.secrets,
      log,
      env,
      secretEnv,
      ipam: deps.ipam.allocator,
      sites: deps.sites,
      registry,
      lock,
      catalog: deps.catalog,
    };
    processor = (job, token) => {
      const handler = DAY2_HANDLERS[job.name];
      return handler ? handler(job, token, day2) : stepProcessor(job, token);
    };
    const driftDeps = {
      drift: { registry, store: deps.store, ipam: deps.ipam },
      reports: new DriftStore(redis, env.MISTFLOW_PREFIX),
      mist,
      log: log.child({ job: DRIFT_CHECK_JOB }),
    };
    // Blueprint rollouts (and the drift check) run on their own queue, in the same process.
    rolloutWorker = createQueueWorker({
      queueName: ROLLOUT_QUEUE,
      prefix: env.MISTFLOW_PREFIX,
      connection: redis,
      concurrency: env.WORKER_CONCURRENCY,
      processor: (job, token) =>
        job.name === DRIFT_CHECK_JOB ? runDriftCheck(driftDeps) : runRolloutPhase(job, token, day2),
      log,
      lockDurationMs: env.WORKER_LOCK_MS,
      stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
      telemetry: telemetry.bullmq,
    });
    void rolloutWorker.run();
    await rolloutWorker.waitUntilReady();
    rolloutQueue = new Queue(ROLLOUT_QUEUE, { connection: redis, prefix: env.MISTFLOW_PREFIX, ...traced });
    rolloutQueue.on("error", (err) => log.warn({ err: err.message, queue: ROLLOUT_QUEUE }, "queue error"));
    // Every day2 process upserts the same scheduler: BullMQ keeps one, so the check runs once per
    // interval however many processes there are.
    if (env.DRIFT_CHECK_INTERVAL_S > 0)
      await rolloutQueue.upsertJobScheduler(
        DRIFT_CHECK_SCHEDULER,
        { every: env.DRIFT_CHECK_INTERVAL_S * 1000 },
        { name: DRIFT_CHECK_JOB, data: {}, opts: { removeOnComplete: 50, removeOnFail: 50 } },
      );
    else await rolloutQueue.removeJobScheduler(DRIFT_CHECK_SCHEDULER);
  }
  const worker = createQueueWorker({
    queueName: QUEUE_NAMES[domain],
    prefix: env.MISTFLOW_PREFIX,
    connection: redis,
    concurrency: env.WORKER_CONCURRENCY,
    processor,
    log,
    lockDurationMs: env.WORKER_LOCK_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    telemetry: telemetry.bullmq,
  });
  worker.on("failed", (job, err) => {
    if (job) void recordUnprocessedFailure(deps, job, err);
  });
  void worker.run();
  await worker.waitUntilReady();
  log.info({ queue: QUEUE_NAMES[domain], concurrency: env.WORKER_CONCURRENCY }, "worker started");

  return {
    domain,
    close: async () => {
      const [outcome, rolloutOutcome] = await Promise.all([
        closeWithDeadline(worker, env.SHUTDOWN_GRACE_MS),
        rolloutWorker ? closeWithDeadline(rolloutWorker, env.SHUTDOWN_GRACE_MS) : "graceful",
      ]);
      await Promise.allSettled([
        flows.close(),
        notify.close(),
        mist.close(),
        day2Queue?.close(),
        rolloutQueue?.close(),
      ]);
      await metrics.close();
      await telemetry.shutdown().catch(() => {});
      redis.disconnect();
      const overall = outcome === "forced" || rolloutOutcome === "forced" ? "forced" : "graceful";
      log.info({ outcome: overall }, "worker stopped");
      return overall;
    },
  };
}
