import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { BlueprintCatalog } from "@mistflow/blueprints";
import { producerConnection, whenReady } from "@mistflow/config";
import {
  BatchStore,
  BlueprintRegistry,
  backfillBindings,
  DecommissionStore,
  DeploymentLifecycle,
  DeploymentStore,
  ImportStore,
  OrgCatalog,
} from "@mistflow/deployments";
import { IpamAllocator, loadIpamConfig } from "@mistflow/ipam";
import { createLogger, type Logger } from "@mistflow/logger";
import { tokenPoolFromEnv } from "@mistflow/mist-client";
import { DriftStore } from "@mistflow/plan";
import { loadPskSinksConfig, PskRotationStore } from "@mistflow/psk-rotations";
import {
  ALL_QUEUE_NAMES,
  NOTIFY_QUEUE,
  notifyRetryPolicy,
  PSK_ROTATION_QUEUE,
  pskRotationRetryPolicy,
  ROLLOUT_QUEUE,
  UPGRADE_QUEUE,
} from "@mistflow/queues";
import { CallerTokenStore, parseEncryptionKey } from "@mistflow/secrets";
import { startTelemetry } from "@mistflow/telemetry";
import { RolloutStore, UpgradeStore } from "@mistflow/upgrades";
import { FlowProducer, Queue } from "bullmq";
import { createApp } from "./app";
import { Keyring } from "./auth";
import { registerCatalog } from "./blueprints";
import type { IntakeEnv } from "./env";
import { loadLint } from "./lint";
import { DeliveryDedup, loadWebhookSources } from "./webhooks";

export interface RunningIntake {
  url: string;
  close(): Promise<void>;
}

/**
 * Builds every dependency from the parsed env and listens; `close` undoes it in reverse.
 * `secretEnv` is where the webhook secrets the config names are looked up (the process env).
 */
export async function startIntake(
  env: IntakeEnv,
  log: Logger = createLogger({ name: "intake-api", level: env.LOG_LEVEL }),
  secretEnv: Record<string, string | undefined> = {},
) {
  // Config errors first: a bad webhooks file must stop the process before it opens anything.
  const webhookSources = await loadWebhookSources(env.WEBHOOKS_CONFIG_FILE, secretEnv);
  // Only the sink names: the workers sign deliveries, the API never holds a sink secret.
  const pskSinks = new Set(
    Object.keys(loadPskSinksConfig({ file: env.PSK_SINKS_FILE, json: env.PSK_SINKS }).sinks),
  );
  // Before any queue or the app exist: they pick the tracer up when they are built.
  const telemetry = await startTelemetry("intake-api", env);
  if (telemetry.enabled) log.info({ traces: telemetry.tracesUrl }, "OpenTelemetry tracing on");
  const traced = telemetry.bullmq ? { telemetry: telemetry.bullmq } : {};
  const redis = producerConnection(env.REDIS_URL);
  redis.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
  const redisReady = await whenReady(redis);
  if (!redisReady) log.warn("Redis is not reachable yet; answering 503 until it is");
  const catalog = await BlueprintCatalog.load(env.BLUEPRINTS_DIR);
  const registry = new BlueprintRegistry(redis, env.MISTFLOW_PREFIX);
  // A blueprint file edited without a version bump is a config error: refuse to start. With Redis
  // away the first request that needs a blueprint registers it (and answers 409 on a conflict).
  if (redisReady) await registerCatalog(catalog, registry);
  // Parsed and compiled once here, never per request.
  const lint = loadLint(env, log);
  const ipam = await loadIpamConfig(env.IPAM_CONFIG_FILE);
  const allocator = new IpamAllocator(redis, { prefix: `${env.MISTFLOW_PREFIX}:`, config: ipam });
  const flows = new FlowProducer({ connection: redis, prefix: env.MISTFLOW_PREFIX, ...traced });
  flows.on("error", (err) => log.warn({ err: err.message }, "flow producer error"));
  const notify = new Queue(NOTIFY_QUEUE, { connection: redis, prefix: env.MISTFLOW_PREFIX, ...traced });
  // Every queue, for /metrics (autoscalers read queue depth) and for Bull Board when it is on.
  const queues = [
    ...ALL_QUEUE_NAMES.map((name) => new Queue(name, { connection: redis, prefix: env.MISTFLOW_PREFIX })),
    notify,
    new Queue(ROLLOUT_QUEUE, { connection: redis, prefix: env.MISTFLOW_PREFIX }),
  ];
  const boardQueues = env.BOARD_USERNAME ? queues : [];
  for (const q of queues)
    q.on("error", (err) => log.warn({ err: err.message, queue: q.name }, "queue error"));

  const mist = tokenPoolFromEnv(env, redis);
  const keyring = Keyring.load({ file: env.API_KEYS_FILE, json: env.MISTFLOW_API_KEYS });
  if (!keyring)
    log.warn(
      "no API keys configured (API_KEYS_FILE / MISTFLOW_API_KEYS): the API is open to anyone who can reach it",
    );
  const store = new DeploymentStore(redis, env.MISTFLOW_PREFIX);
  // Sites deployed before the registry existed get their binding once, so rollouts and drift see them.
  if (redisReady) {
    const backfilled = await backfillBindings(store, registry);
    if (backfilled) log.info(backfilled, "site bindings backfilled from earlier deployments");
  }
  const app = createApp({
    ...(keyring
      ? {
          auth: {
            keyring,
            redis,
            prefix: env.MISTFLOW_PREFIX,
            rateLimitPerMinute: env.API_RATE_LIMIT_PER_MIN,
          },
        }
      : {}),
    store,
    batches: new BatchStore(redis, env.MISTFLOW_PREFIX),
    lifecycle: { transitions: new DeploymentLifecycle(redis, store), queues },
    upgrades: {
      store: new UpgradeStore(redis, env.MISTFLOW_PREFIX),
      flows,
      day2: queues.find((q) => q.name === UPGRADE_QUEUE) as Queue,
    },
    drift: {
      reports: new DriftStore(redis, env.MISTFLOW_PREFIX),
      catalog: new OrgCatalog(redis, env.MISTFLOW_PREFIX),
    },
    rollouts: {
      store: new RolloutStore(redis, env.MISTFLOW_PREFIX),
      flows,
      queue: queues.find((q) => q.name === ROLLOUT_QUEUE) as Queue,
    },
    imports: new ImportStore(redis, env.MISTFLOW_PREFIX),
    decommissions: {
      store: new DecommissionStore(redis, env.MISTFLOW_PREFIX),
      quarantineSeconds: env.DECOMMISSION_QUARANTINE_S,
    },
    pskRotations: {
      store: new PskRotationStore(redis, env.MISTFLOW_PREFIX),
      queue: queues.find((q) => q.name === PSK_ROTATION_QUEUE) as Queue,
      sinks: pskSinks,
      retry: pskRotationRetryPolicy(env.PSK_ROTATION_BACKOFF_MS),
    },
    ...(env.MIST_TOKEN_ENCRYPTION_KEY
      ? {
          callerTokens: new CallerTokenStore(
            redis,
            env.MISTFLOW_PREFIX,
            parseEncryptionKey(env.MIST_TOKEN_ENCRYPTION_KEY),
            env.CALLER_TOKEN_TTL_S,
          ),
        }
      : {}),
    flows,
    catalog,
    registry,
    policy: { attempts: env.STEP_ATTEMPTS, backoffMs: env.STEP_BACKOFF_MS },
    regions: ipam.zones.map((z) => z.code),
    notify,
    notifyRetry: notifyRetryPolicy(env.NOTIFY_BACKOFF_MS),
    redis,
    log,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    legacyBlueprint: env.LEGACY_BLUEPRINT,
    ...(lint ? { lint } : {}),
    ...(mist ? { mist } : {}),
    ipam: { allocator, config: ipam },
    metricsQueues: queues,
    metricsPrefix: env.MISTFLOW_PREFIX,
    assuranceThreshold: env.ASSURANCE_THRESHOLD,
    tracing: telemetry.enabled,
    ...(webhookSources.size > 0
      ? { webhooks: { sources: webhookSources, dedup: new DeliveryDedup(redis, env.MISTFLOW_PREFIX) } }
      : {}),
    ...(env.BOARD_USERNAME && env.BOARD_PASSWORD
      ? { board: { queues: boardQueues, username: env.BOARD_USERNAME, password: env.BOARD_PASSWORD } }
      : {}),
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const host = env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST;
  log.info(
    {
      port,
      blueprints: catalog.names(),
      board: boardQueues.length > 0,
      webhooks: [...webhookSources.keys()],
    },
    "intake API listening",
  );

  return {
    url: `http://${host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([flows.close(), mist?.close(), ...queues.map((q) => q.close())]);
      await telemetry.shutdown().catch(() => {});
      redis.disconnect();
    },
  } satisfies RunningIntake;
}
