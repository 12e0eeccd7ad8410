import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/**
 * A child service whose stdout/stderr go to a log file (and optionally a line callback), so a
 * test can read exactly what a process printed and the demo stays readable.
 */
export function spawnService(opts: {
  name: string;
  entry: string;
  args?: string[];
  env: Record<string, string>;
  logDir: string;
  onLine?: (line: string) => void;
  /** Node flags for this process (V8's profiler flags are refused in NODE_OPTIONS). */
  nodeArgs?: string[];
}): ServiceProcess {
  const logFile = join(opts.logDir, `${opts.name}.log`);
  const log: WriteStream = createWriteStream(logFile, { flags: "a" });
  // Node flags for every service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a benchmark
  // (V8's profiler flags are refused in NODE_OPTIONS).
  const nodeArgs =
    opts.nodeArgs ?? process.env.MISTFLOW_SERVICE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, opts.entry, ...(opts.args ?? [])], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffered = "";
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    if (!opts.onLine) return;
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) opts.onLine(line);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => {
    // "close", not "exit": output still in the pipes when the process exits must reach the log
    // before it ends, or the write after end throws in the parent.
    child.once("close", (code) => {
      log.end();
      resolve(code);
    });
  });
  return {
    name: opts.name,
    child,
    logFile,
    exited,
    stop: async (signal: NodeJS.Signals = "SIGTERM", timeoutMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * How long a process may take to answer after it was started. A cold start is about a second, but
 * on two busy cores (a CI machine running suites in parallel, a Redis Cluster pass) 20 s was seen
 * to run out; the wait ends as soon as the check passes, so a generous bound costs nothing.
 */
const START_TIMEOUT_MS = 60_000;

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = START_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const httpOk = (url: string) => async () => (await fetch(url)).ok;
