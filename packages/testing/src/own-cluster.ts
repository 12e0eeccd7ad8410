import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@mistflow/local-redis";

const exec = promisify(execFile);

/**
 * A 3-master Redis Cluster on loopback ports, started by the test itself (redis-server in
 * cluster mode, joined with `redis-cli --cluster create`). No replicas: this is about keys
 * and slots, not failover.
 */
export class OwnCluster {
  private constructor(
    readonly ports: number[],
    private readonly dir: string,
    private readonly children: ChildProcess[],
  ) {}

  get url(): string {
    return `redis-cluster://${this.ports.map((p) => `127.0.0.1:${p}`).join(",")}`;
  }

  static async start(masters = 3): Promise<OwnCluster> {
    const dir = await mkdtemp(join(tmpdir(), "mistflow-cluster-"));
    const ports: number[] = [];
    for (let i = 0; i < masters; i++) ports.push(await freePort());
    const children = await Promise.all(
      ports.map(
        (port) =>
          new Promise<ChildProcess>((resolve, reject) => {
            const child = spawn(
              "redis-server",
              [
                "--port",
                String(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir,
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                `nodes-${port}.conf`,
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory-policy",
                "noeviction",
              ],
              { stdio: ["ignore", "pipe", "inherit"] },
            );
            const timer = setTimeout(() => reject(new Error(`redis-server ${port} did not start`)), 10_000);
            child.stdout?.on("data", (chunk: Buffer) => {
              if (chunk.toString().includes("Ready to accept connections")) {
                clearTimeout(timer);
                child.stdout?.resume();
                resolve(child);
              }
            });
          }),
      ),
    );
    const cluster = new OwnCluster(ports, dir, children);
    await exec("redis-cli", [
      "--cluster",
      "create",
      ...ports.map((p) => `127.0.0.1:${p}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      for (;;) {
        const { stdout } = await exec("redis-cli", ["-p", String(port), "cluster", "info"]);
        if (stdout.includes("cluster_state:ok")) break;
        if (Date.now() > deadline) throw new Error("cluster did not converge");
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return cluster;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null) return resolve(undefined);
            c.once("exit", resolve);
            c.kill("SIGTERM");
          }),
      ),
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}
