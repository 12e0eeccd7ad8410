import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@mistflow/local-redis";

const CONF = fileURLToPath(new URL("../../infra/redis.conf", import.meta.url));

/**
 * A redis-server of the suite's own, started from infra/redis.conf (AOF on, noeviction) with its
 * data in a temp dir, so a test can stop and restart it without touching anyone else's Redis.
 */
export class OwnRedis {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort(), await mkdtemp(join(tmpdir(), "mistflow-own-redis-")));
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(
      "redis-server",
      [CONF, "--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("redis-server did not start")), 10_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => reject(new Error(`redis-server exited ${code}`)));
    });
    child.stdout?.resume();
  }

  /** SIGTERM: Redis fsyncs the AOF and exits, as an orchestrator's restart would make it. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }

  async destroy(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}
