import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DeploymentView } from "@mistflow/contracts";
import { resolveRedis } from "@mistflow/local-redis";
import { repoRoot, startLocalStack } from "@mistflow/process-stack";
import { Redis } from "ioredis";
import { IntakeClient } from "../api/intake-client";
import { isTerminal, ProgressPrinter } from "../progress/progress-printer";

export interface DemoOptions {
  keep: boolean;
  timeoutMs: number;
  out?: (line: string) => void;
}

/**
 * The README's first command: a real deployment of the example sites, through the real API,
 * queues and worker processes, against the simulator. Exits 0 only if every site deployed.
 */
export async function runDemo(opts: DemoOptions): Promise<number> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const redis = await resolveRedis({ allowLocalDefault: true, log: out });
  out(`redis: ${redis.url} (${redis.source})`);
  // A prefix of its own: the demo may share a Redis with other work and must not see old runs.
  const prefix = `{demo-${randomBytes(3).toString("hex")}}`;
  const board = { username: "admin", password: randomBytes(12).toString("base64url") };
  out("starting the Mist simulator, the intake API and one worker process per domain…");
  const stack = await startLocalStack({ redisUrl: redis.url, prefix, board, logLevel: "info" });
  const cleanup = async () => {
    await stack.close();
    const r = new Redis(redis.url);
    const keys = await r.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
    await r.quit();
    await redis.stop();
  };

  try {
    out(`  Mist simulator  ${stack.simUrl}/api/v1`);
    out(`  intake API      ${stack.apiUrl}`);
    out(
      `  Bull Board      ${stack.apiUrl}/admin/queues  (user ${board.username}, password ${board.password})`,
    );
    out(`  process logs    ${stack.logDir}`);

    const api = new IntakeClient(stack.apiUrl);
    const dir = join(repoRoot(), "examples/deployments");
    const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
    const labels = new Map<string, string>();
    for (const file of files) {
      const body = JSON.parse(await readFile(join(dir, file), "utf8")) as { site: { name: string } };
      const submitted = await api.submit(body);
      labels.set(submitted.id, body.site.name);
      out(`submitted ${file} → ${submitted.status} ${submitted.id}`);
    }

    const printer = new ProgressPrinter(out, labels);
    const deadline = Date.now() + opts.timeoutMs;
    let views: DeploymentView[] = [];
    while (Date.now() < deadline) {
      views = await Promise.all([...labels.keys()].map((id) => api.get(id)));
      for (const v of views) printer.update(v);
      if (views.every(isTerminal)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const ok = views.length === labels.size && views.every((v) => v.status === "succeeded");
    out("");
    for (const v of views) {
      const took = v.finished_at
        ? `${((Date.parse(v.finished_at) - Date.parse(v.created_at)) / 1000).toFixed(1)} s`
        : "-";
      out(`${v.status.padEnd(10)} ${v.id}  ${v.site_name}  (${took})`);
    }
    const counts = (await (await fetch(`${stack.simUrl}/__sim/counts`)).json()) as {
      calls?: { total?: number };
    };
    out(`Mist calls made: ${counts.calls?.total ?? "?"}`);
    out(`Bull Board: ${stack.apiUrl}/admin/queues  (user ${board.username}, password ${board.password})`);
    if (!ok)
      out(views.every(isTerminal) ? "some deployments failed" : "timed out waiting for the deployments");

    if (opts.keep) {
      out("--keep: the stack stays up; press Ctrl-C to stop it.");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
    }
    return ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}
