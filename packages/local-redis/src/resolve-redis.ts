import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

export interface ResolvedRedis {
  url: string;
  /** Where it came from, for the log line a person reads when something is off. */
  source: "REDIS_URL" | "localhost:6379" | "testcontainers" | "redis-server";
  stop: () => Promise<void>;
}

export interface ResolveRedisOptions {
  /** The demo may reuse a Redis already answering on 127.0.0.1:6379; tests never do. */
  allowLocalDefault?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const noop = async () => {};

export async function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function tryTestcontainers(log: (line: string) => void): Promise<ResolvedRedis | undefined> {
  try {
    const tc = await import("testcontainers");
    // Throws within milliseconds when no container engine answers, which is the common case here.
    await tc.getContainerRuntimeClient();
    const container = await new tc.GenericContainer("redis:7-alpine")
      .withExposedPorts(6379)
      .withCommand(["redis-server", "--maxmemory-policy", "noeviction", "--save", "", "--appendonly", "no"])
      .withWaitStrategy(tc.Wait.forLogMessage("Ready to accept connections"))
      .start();
    const url = `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
    log(`redis: started a container at ${url}`);
    return { url, source: "testcontainers", stop: async () => void (await container.stop()) };
  } catch {
    return undefined;
  }
}

/** Listens on `port` (0: any) for a moment and answers the port it got, or undefined if taken. */
function probePort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", () => resolve(undefined));
    srv.listen(port, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : undefined));
    });
  });
}

const PORT_RANGE = { first: 20_000, count: 12_000 };
/** How long a handed-out port stays reserved: longer than any stack takes to start listening. */
const RESERVATION_MS = 10 * 60_000;
const RESERVATIONS = join(tmpdir(), "mistflow-ports");

/**
 * Reserves `port` across processes with an exclusive create: only one caller gets it until the
 * reservation is older than RESERVATION_MS.
 */
function reserve(port: number): boolean {
  const file = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return true;
    } catch {
      try {
        if (Date.now() - statSync(file).mtimeMs < RESERVATION_MS) return false;
        unlinkSync(file);
      } catch {
        // Someone else removed or renewed it: try the create once more.
      }
    }
  }
  return false;
}

/**
 * A port free to listen on, below Linux's ephemeral range (so no outgoing connection holds it).
 * Between this probe and the service's own listen another process could take the same port: test
 * files start stacks side by side, and one stack's readiness check was once answered by the
 * other's API. So every port handed out is also reserved in a shared directory for a while, and
 * no other caller on the machine is handed it in that time.
 */
export async function freePort(): Promise<number> {
  mkdirSync(RESERVATIONS, { recursive: true });
  const start = randomInt(PORT_RANGE.count);
  for (let i = 0; i < PORT_RANGE.count; i++) {
    const port = PORT_RANGE.first + ((start + i) % PORT_RANGE.count);
    if (!reserve(port)) continue;
    if ((await probePort(port)) === port) return port;
  }
  const port = await probePort(0);
  if (port === undefined) throw new Error("no free port");
  return port;
}

async function tryRedisServerBinary(log: (line: string) => void): Promise<ResolvedRedis | undefined> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "mistflow-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push("--appendonly", "no", "--maxmemory-policy", "noeviction", "--daemonize", "no");
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    child.once("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  if (!ready) {
    child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `redis://127.0.0.1:${port}`;
  log(`redis: started redis-server at ${url}`);
  return {
    url,
    source: "redis-server",
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Redis for the demo and the tests, in the documented order: `REDIS_URL`; the demo's local
 * default; a container when an engine answers; a `redis-server` binary on a free port.
 */
export async function resolveRedis(opts: ResolveRedisOptions = {}): Promise<ResolvedRedis> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  if (env.REDIS_URL) {
    if (!(await pingRedis(env.REDIS_URL, 3_000)))
      throw new Error("REDIS_URL is set but Redis does not answer there");
    return { url: env.REDIS_URL, source: "REDIS_URL", stop: noop };
  }
  if (opts.allowLocalDefault && (await pingRedis("redis://127.0.0.1:6379"))) {
    return { url: "redis://127.0.0.1:6379", source: "localhost:6379", stop: noop };
  }
  const found = (await tryTestcontainers(log)) ?? (await tryRedisServerBinary(log));
  if (found) return found;
  throw new Error(
    "No Redis found: set REDIS_URL, start a container engine, or install redis-server (Debian: apt-get install redis-server)",
  );
}
