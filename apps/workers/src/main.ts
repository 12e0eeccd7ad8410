import { parseArgs } from "node:util";
import { EnvError, loadEnv } from "@mistflow/config";
import { DOMAINS, isWebhooksConfigError } from "@mistflow/contracts";
import { createLogger, type Logger } from "@mistflow/logger";
import { NOTIFY_QUEUE } from "@mistflow/queues";
import { WorkersEnv } from "./env";
import { NotifyEnv, startNotifyWorker } from "./notify";
import { startDomainWorker } from "./runtime";

/** Configuration errors end the process with their message and exit code 2, before any work. */
async function orExit<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof EnvError) && !isWebhooksConfigError(e)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}

const { values } = parseArgs({ options: { domain: { type: "string" } }, strict: true });
const kind = values.domain ?? process.env.WORKER_DOMAIN;

let log: Logger;
let running: { close(): Promise<"graceful" | "forced"> };
if (kind === NOTIFY_QUEUE) {
  // Ticket write-back: no Mist token, only the webhooks config and its credentials.
  const env = await orExit(() => loadEnv(NotifyEnv, process.env));
  log = createLogger({ name: "worker-notify", level: env.LOG_LEVEL });
  process.on("unhandledRejection", (reason) => log.error({ reason }, "unhandled rejection"));
  running = await orExit(() => startNotifyWorker(env, process.env, log));
} else {
  const env = await orExit(() =>
    loadEnv(WorkersEnv, { ...process.env, ...(values.domain ? { WORKER_DOMAIN: values.domain } : {}) }),
  );
  const domain = env.WORKER_DOMAIN;
  if (!domain) {
    console.error(`--domain is required: one of ${[...DOMAINS, NOTIFY_QUEUE].join(", ")}`);
    process.exit(2);
  }
  log = createLogger({ name: `worker-${domain}`, level: env.LOG_LEVEL });
  process.on("unhandledRejection", (reason) => log.error({ reason }, "unhandled rejection"));
  running = await startDomainWorker(env, domain, log);
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: finishing active work");
  const outcome = await running.close();
  process.exit(outcome === "graceful" ? 0 : 1);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
