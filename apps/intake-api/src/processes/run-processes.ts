import cluster, { type Worker } from "node:cluster";
import type { Logger } from "@mistflow/logger";

/**
 * `INTAKE_PROCESSES` > 1: this process becomes a supervisor that forks that many API processes
 * sharing the listen socket (node:cluster hands out connections round-robin). The API is
 * stateless, everything shared lives in Redis, so one container can use every core it is given.
 * A process that dies is replaced (after a short pause, so a crash loop cannot spin); on SIGTERM
 * the signal goes to every process and the supervisor exits once they have drained.
 */
/** What an API process exits with when its configuration is refused (see main.ts). */
const CONFIG_ERROR_EXIT = 2;

export function superviseProcesses(count: number, log: Logger, graceMs: number): void {
  let stopping = false;
  const restartDelayMs = 1_000;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      if (code === CONFIG_ERROR_EXIT) {
        // A bad configuration fails every process alike: restarting would only loop.
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
        process.exit(CONFIG_ERROR_EXIT);
      }
      log.error({ worker_pid: worker.process.pid, code, signal }, "intake process died; starting another");
      setTimeout(() => {
        if (!stopping) fork();
      }, restartDelayMs).unref();
    });
    return worker;
  };
  for (let i = 0; i < count; i++) fork();

  let listening = 0;
  cluster.on("listening", (_worker, address) => {
    listening += 1;
    if (listening === count) {
      const host = address.address && address.address !== "0.0.0.0" ? address.address : "127.0.0.1";
      console.log(`intake API on http://${host}:${address.port} (${count} processes)`);
    }
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, processes: count }, "shutting down every intake process");
    const deadline = setTimeout(() => {
      log.error("shutdown deadline passed; exiting");
      process.exit(1);
    }, graceMs + 2_000);
    deadline.unref();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    let left = workers.length;
    if (left === 0) process.exit(0);
    let failed = false;
    for (const w of workers) {
      w.once("exit", (code, exitSignal) => {
        // A process still starting has no handler yet and dies of the signal itself: it had
        // nothing in flight, so that is a clean stop too.
        if (code !== 0 && exitSignal !== signal) failed = true;
        left -= 1;
        if (left === 0) process.exit(failed ? 1 : 0);
      });
      w.process.kill(signal);
    }
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

export const isSupervisor = (processes: number): boolean => processes > 1 && cluster.isPrimary;
