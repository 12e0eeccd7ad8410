import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOMAINS, type Domain } from "@mistflow/contracts";
import { freePort } from "@mistflow/local-redis";
import { appEntry, repoRoot } from "./paths";
import { httpOk, type ServiceProcess, spawnService, waitUntil } from "./service-process";

/** The simulator's bundled demo token: it only ever opens the local simulator. */
export const SIM_DEMO_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";

/** A 2 s SLE soak instead of production's 30 minutes, so the demo and the suites end promptly. */
export const QUICK_ASSURANCE_ENV = { ASSURANCE_SOAK_S: "2", ASSURANCE_POLL_S: "0.5" };

export interface LocalStackOptions {
  redisUrl: string;
  prefix: string;
  board: { username: string; password: string };
  apiPort?: number;
  simPort?: number;
  /** Extra env for every domain worker (retry policy, rate budget…). */
  workerEnv?: Record<string, string>;
  /** Node flags for every domain worker, e.g. `--cpu-prof` for a benchmark's profile. */
  workerNodeArgs?: string[];
  /** Extra env for the notify worker: `WEBHOOKS_CONFIG_FILE` and the write-back credentials it names. */
  notifyEnv?: Record<string, string>;
  intakeEnv?: Record<string, string>;
  simArgs?: string[];
  logDir?: string;
  /** At least `info`: readiness is read from the "worker started" line. */
  logLevel?: "info" | "debug" | "trace";
  onLine?: (service: string, line: string) => void;
}

export interface LocalStack {
  apiUrl: string;
  simUrl: string;
  logDir: string;
  /** The domain workers, one per domain. */
  workers: Map<Domain, ServiceProcess>;
  /** The worker writing deployment events back to tickets (`--domain notify`). */
  notify: ServiceProcess;
  services: ServiceProcess[];
  startWorker(domain: Domain, name?: string): Promise<ServiceProcess>;
  /**
   * Stops the intake API and starts it again on the same port with `env` on top: how a new
   * blueprints directory (after an import's files were reviewed) is taken up.
   */
  restartIntake(env?: Record<string, string>): Promise<ServiceProcess>;
  close(): Promise<void>;
}

/**
 * The whole product as separate OS processes: simulator, intake API, one worker per domain and
 * the notify worker, exactly as they run in production. The demo and the end-to-end suites both
 * start it.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const logDir = opts.logDir ?? (await mkdtemp(join(tmpdir(), "mistflow-stack-")));
  const simPort = opts.simPort ?? (await freePort());
  const apiPort = opts.apiPort ?? (await freePort());
  const simUrl = `http://127.0.0.1:${simPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const services: ServiceProcess[] = [];
  const common = {
    REDIS_URL: opts.redisUrl,
    MISTFLOW_PREFIX: opts.prefix,
    LOG_LEVEL: opts.logLevel ?? "info",
    BLUEPRINTS_DIR: join(repoRoot(), "examples/blueprints"),
  };
  const start = (
    name: string,
    app: "mist-sim" | "intake-api" | "workers",
    env: Record<string, string>,
    args?: string[],
  ) => {
    const svc = spawnService({
      name,
      entry: appEntry(app),
      env,
      logDir,
      ...(args ? { args } : {}),
      ...(opts.onLine ? { onLine: (line: string) => opts.onLine?.(name, line) } : {}),
    });
    services.push(svc);
    return svc;
  };

  /** A worker process, and a promise of it once it logs "worker started". */
  const spawnWorker = (name: string, kind: string, env: Record<string, string>, nodeArgs?: string[]) => {
    let ready = false;
    const svc = spawnService({
      name,
      entry: appEntry("workers"),
      args: ["--domain", kind],
      env,
      ...(nodeArgs ? { nodeArgs } : {}),
      logDir,
      onLine: (line) => {
        if (line.includes('"worker started"')) ready = true;
        opts.onLine?.(name, line);
      },
    });
    services.push(svc);
    const started = waitUntil(`${name} to start`, async () => {
      if (svc.child.exitCode !== null)
        throw new Error(`${name} exited with ${svc.child.exitCode}; see ${svc.logFile}`);
      return ready;
    }).then(() => svc);
    return { svc, started };
  };

  const workers = new Map<Domain, ServiceProcess>();
  const startWorker = (domain: Domain, name = `worker-${domain}`) => {
    const { svc, started } = spawnWorker(
      name,
      domain,
      {
        ...common,
        MIST_BASE_URL: simUrl,
        MIST_API_TOKEN: SIM_DEMO_TOKEN,
        MIST_TOKEN_ALIAS: "demo",
        ...QUICK_ASSURANCE_ENV,
        ...opts.workerEnv,
      },
      opts.workerNodeArgs,
    );
    workers.set(domain, svc);
    return started;
  };

  const intakeEnv = {
    ...common,
    // The API calls Mist for the connection probe, plans, imports and Day 2 checks.
    MIST_BASE_URL: simUrl,
    MIST_API_TOKEN: SIM_DEMO_TOKEN,
    MIST_TOKEN_ALIAS: "demo",
    PORT: String(apiPort),
    HOST: "127.0.0.1",
    BOARD_USERNAME: opts.board.username,
    BOARD_PASSWORD: opts.board.password,
    ...opts.intakeEnv,
  };
  let intake: ServiceProcess | undefined;
  const restartIntake = async (env: Record<string, string> = {}) => {
    await intake?.stop("SIGTERM", 30_000);
    intake = start("intake-api", "intake-api", { ...intakeEnv, ...env });
    await waitUntil("the intake API", httpOk(`${apiUrl}/readyz`));
    return intake;
  };

  const close = async () => {
    await Promise.allSettled([...services].reverse().map((s) => s.stop("SIGTERM", 30_000)));
  };

  try {
    start("mist-sim", "mist-sim", { ...common, MIST_SIM_HOST: "127.0.0.1" }, [
      "--port",
      String(simPort),
      ...(opts.simArgs ?? []),
    ]);
    await waitUntil("the Mist simulator", httpOk(`${simUrl}/__sim/health`));
    intake = start("intake-api", "intake-api", intakeEnv);
    await waitUntil("the intake API", httpOk(`${apiUrl}/readyz`));
    // No Mist token for the notify worker: it only talks to ticketing systems.
    const [notify] = await Promise.all([
      spawnWorker("worker-notify", "notify", { ...common, ...opts.notifyEnv }).started,
      ...DOMAINS.map((d) => startWorker(d)),
    ]);
    return { apiUrl, simUrl, logDir, workers, notify, services, startWorker, restartIntake, close };
  } catch (e) {
    await close();
    throw e;
  }
}
