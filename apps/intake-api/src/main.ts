import { EnvError, loadEnv } from "@mistflow/config";
import { isPskSinksConfigError, isWebhooksConfigError } from "@mistflow/contracts";
import { createLogger } from "@mistflow/logger";
import { IntakeEnv } from "./env";
import { isSupervisor, superviseProcesses } from "./processes";
import { startIntake } from "./server";

let env: IntakeEnv;
try {
  env = loadEnv(IntakeEnv, process.env);
} catch (e) {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(2);
}
const log = createLogger({ name: "intake-api", level: env.LOG_LEVEL });
process.on("unhandledRejection", (reason) => log.error({ reason }, "unhandled rejection"));

if (isSupervisor(env.INTAKE_PROCESSES)) {
  superviseProcesses(env.INTAKE_PROCESSES, log, env.SHUTDOWN_GRACE_MS);
} else {
  await serveApi(env);
}

async function serveApi(env: IntakeEnv) {
  let intake: Awaited<ReturnType<typeof startIntake>>;
  try {
    intake = await startIntake(env, log, process.env);
  } catch (e) {
    if (!isWebhooksConfigError(e) && !isPskSinksConfigError(e)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  console.log(`intake API on ${intake.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      log.error("shutdown deadline passed; exiting");
      process.exit(1);
    }, env.SHUTDOWN_GRACE_MS);
    deadline.unref();
    await intake.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
