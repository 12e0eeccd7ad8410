import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import type { ServiceProcess } from "@mistflow/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { eventually } from "./support/recording-server";
import { startTestStack, type TestStack } from "./support/test-stack";

/** The API processes a supervisor forked: /proc entries whose parent is the supervisor. */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return children;
}

describe("INTAKE_PROCESSES: several API processes behind one port", () => {
  let stack: TestStack;
  let intake: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack("intake-procs", { intakeEnv: { INTAKE_PROCESSES: "2" } });
    const found = stack.services.find((s) => s.name === "intake-api");
    if (!found) throw new Error("no intake-api service");
    intake = found;
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("shares the port between the processes, replaces one that dies, and drains them all on SIGTERM", async () => {
    const supervisor = intake.child.pid as number;
    const first = await eventually("two API processes", async () => {
      const c = await childrenOf(supervisor);
      return c.length === 2 ? c : undefined;
    });

    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await stack.api.submit(extraSite(`RB-07${i} Procs`))).id);
    const views = await stack.waitForEnd(ids);
    expect(views.map((v) => v.status)).toEqual(ids.map(() => "succeeded"));
    // Each accepted deployment is logged by the process that took it: both took some.
    const takers = new Set(
      readFileSync(intake.logFile, "utf8")
        .split("\n")
        .filter((l) => l.includes('"deployment accepted"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    expect([...takers].sort()).toEqual([...first].sort());

    const [victim] = first;
    process.kill(victim as number, "SIGKILL");
    const replaced = await eventually("a replacement process", async () => {
      const c = await childrenOf(supervisor);
      return c.length === 2 && !c.includes(victim as number) ? c : undefined;
    });
    expect(replaced).toHaveLength(2);
    const late = await stack.api.submit(extraSite("RB-0799 After a crash"));
    expect(late.status).toBe(202);
    expect((await stack.waitForEnd([late.id]))[0]?.status).toBe("succeeded");

    expect(await intake.stop("SIGTERM", 20_000)).toBe(0);
    expect(await childrenOf(supervisor)).toEqual([]);
  });
});
