import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot, type ServiceProcess, spawnService, waitUntil } from "@mistflow/process-stack";
import { type BenchChild, CHILD_READY } from "./bench-child";

/** Starts `mistflow-bench --child <cfg>` from the built bench app and resolves once it says it is ready. */
export async function spawnBenchChild(
  name: string,
  cfg: BenchChild,
  logDir: string,
  env: Record<string, string> = {},
  nodeArgs?: string[],
): Promise<ServiceProcess> {
  let ready = false;
  const svc = spawnService({
    name,
    entry: join(repoRoot(), "apps", "bench", "dist", "main.js"),
    args: ["--child", JSON.stringify(cfg)],
    env,
    ...(nodeArgs ? { nodeArgs } : {}),
    logDir,
    onLine: (line) => {
      if (line.includes(CHILD_READY)) ready = true;
    },
  });
  try {
    await waitUntil(`${name} to start`, async () => {
      if (svc.child.exitCode !== null)
        throw new Error(`${name} exited with ${svc.child.exitCode}; see ${svc.logFile}`);
      return ready;
    });
  } catch (e) {
    await svc.stop("SIGKILL");
    throw e;
  }
  return svc;
}

/** Resident set size of a process from /proc (Linux), in bytes; undefined elsewhere or once it exited. */
export async function rssBytes(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined elsewhere. */
export async function cpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a process and every live descendant (a supervisor and the API processes it
 * forked). A child that exits mid-interval takes its seconds with it, so read this around
 * intervals where no process is replaced.
 */
export async function treeCpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Gone between the listing and the read.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++)
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  let total = 0;
  for (const p of tree) total += (await cpuSeconds(p)) ?? 0;
  return total;
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** CPU seconds Redis has used (INFO cpu), so a benchmark can say which process was busy. */
export async function redisCpuSeconds(redis: { info(section: string): Promise<string> }): Promise<number> {
  const info = await redis.info("cpu");
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return field("used_cpu_user") + field("used_cpu_sys");
}
