import { createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEnv } from "@mistflow/config";
import { DOMAINS } from "@mistflow/contracts";
import { IntakeEnv, startIntake } from "@mistflow/intake-api";
import { freePort } from "@mistflow/local-redis";
import { createLogger } from "@mistflow/logger";
import { type StartSimOptions, startSim } from "@mistflow/mist-sim";
import { QUICK_ASSURANCE_ENV, SIM_DEMO_TOKEN } from "@mistflow/process-stack";
import { uniquePrefix } from "@mistflow/testing";
import { NotifyEnv, startDomainWorker, startNotifyWorker, WorkersEnv } from "@mistflow/workers";
import { inject } from "vitest";
import {
  type StackUnderTest,
  stackUnderTest,
  TEST_BOARD,
  TEST_INTAKE_ENV,
  TEST_WORKER_ENV,
} from "./stack-under-test";

export { DEMO_ORG } from "./stack-under-test";

export interface InProcessStackOptions {
  workerEnv?: Record<string, string>;
  intakeEnv?: Record<string, string>;
  sim?: StartSimOptions;
}

/** The in-process stack; the intake API can restart with changed env, as a redeploy would. */
export interface InProcessStack extends StackUnderTest {
  /** Stops the intake API and starts it again on the same port with `env` over its first env. */
  restartIntake(env: Record<string, string>): Promise<void>;
}

const EXAMPLE_BLUEPRINTS = fileURLToPath(new URL("../../examples/blueprints", import.meta.url));

/**
 * The product in this test process: the simulator and the intake API on real sockets, one BullMQ
 * worker per domain and the notify worker, all on Redis under a prefix of its own. The same
 * start functions as the processes' entry points, with the env each would parse, so jobs travel
 * through Redis exactly as in production; what it does not have is process boundaries, which the
 * end-to-end suites (`startTestStack`) keep for kill -9, SIGTERM and logs.
 */
export async function startInProcessStack(
  label: string,
  opts: InProcessStackOptions = {},
): Promise<InProcessStack> {
  const redisUrl = inject("redisUrl");
  const prefix = uniquePrefix(label);
  // Each part logs to its own file, as the processes do, so suites can read the lines back (the
  // secrets scan does) and a passing run keeps the console quiet.
  const logDir = await mkdtemp(join(tmpdir(), "mistflow-in-process-"));
  const streams: WriteStream[] = [];
  const logger = (name: string) => {
    const stream = createWriteStream(join(logDir, `${name}.log`));
    streams.push(stream);
    return createLogger({ name, level: "info" }, stream);
  };
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
    await Promise.all(streams.map((s) => new Promise((resolve) => s.end(resolve))));
  };
  try {
    const sim = await startSim({ host: "127.0.0.1", ...opts.sim });
    closers.push(() => sim.close());
    const common = {
      REDIS_URL: redisUrl,
      MISTFLOW_PREFIX: prefix,
      LOG_LEVEL: "info",
      BLUEPRINTS_DIR: EXAMPLE_BLUEPRINTS,
      MIST_BASE_URL: sim.url,
      MIST_API_TOKEN: SIM_DEMO_TOKEN,
      MIST_TOKEN_ALIAS: "demo",
    };
    const workerEnv: Record<string, string> = {
      ...common,
      ...QUICK_ASSURANCE_ENV,
      ...TEST_WORKER_ENV,
      ...opts.workerEnv,
    };
    const workers = await Promise.all(
      DOMAINS.map((domain) =>
        startDomainWorker(
          loadEnv(WorkersEnv, { ...workerEnv, WORKER_DOMAIN: domain }),
          domain,
          logger(`worker-${domain}`),
          workerEnv,
        ),
      ),
    );
    for (const w of workers) closers.push(() => w.close());
    const notifyEnv = { REDIS_URL: redisUrl, MISTFLOW_PREFIX: prefix, LOG_LEVEL: "info" };
    const notify = await startNotifyWorker(loadEnv(NotifyEnv, notifyEnv), notifyEnv, logger("worker-notify"));
    closers.push(() => notify.close());
    const intakeEnv: Record<string, string> = {
      ...common,
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      BOARD_USERNAME: TEST_BOARD.username,
      BOARD_PASSWORD: TEST_BOARD.password,
      ...TEST_INTAKE_ENV,
      ...opts.intakeEnv,
    };
    const intakeLog = logger("intake-api");
    const runIntake = (env: Record<string, string>) => startIntake(loadEnv(IntakeEnv, env), intakeLog, env);
    let intake = await runIntake(intakeEnv);
    closers.push(() => intake.close());
    return {
      ...stackUnderTest({ apiUrl: intake.url, simUrl: sim.url, logDir, prefix, redisUrl, close }),
      async restartIntake(env) {
        await intake.close();
        intake = await runIntake({ ...intakeEnv, ...env });
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
