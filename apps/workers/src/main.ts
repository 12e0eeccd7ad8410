import { parseArgs } from "node:util";
import { EnvError, loadEnv } from "@mistflow/config";
import { DOMAINS, type Domain } from "@mistflow/contracts";
import { createLogger } from "@mistflow/logger";
import { WorkersEnv } from "./env";
import { startDomainWorker } from "./runtime";

const { values } = parseArgs({ options: { domain: { type: "string" } }, strict: true });
let env: WorkersEnv;
try {
  env = loadEnv(WorkersEnv, { ...process.env, ...(values.domain ? { WORKER_DOMAIN: values.domain } : {}) });
} catch (e) {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(2);
}
const domain: Domain | undefined = env.WORKER_DOMAIN;
if (!domain) {
  console.error(`--domain is required: one of ${DOMAINS.join(", ")}`);
  process.exit(2);
}
const log = createLogger({ name: `worker-${domain}`, level: env.LOG_LEVEL });
process.on("unhandledRejection", (reason) => log.error({ reason }, "unhandled rejection"));

const running = await startDomainWorker(env, domain, log);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: finishing active steps");
  const outcome = await running.close();
  process.exit(outcome === "graceful" ? 0 : 1);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
