import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { request } from "node:http";
import type { ServiceProcess } from "@mistflow/process-stack";
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

/**
 * POST on a connection of its own: node:cluster hands out connections, not requests, so a
 * keep-alive pool would pin every request to whichever process took its one socket.
 */
function submitOnFreshConnection(apiUrl: string, body: unknown): Promise<{ status: number; id: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${apiUrl}/v1/deployments`,
      { method: "POST", agent: false, headers: { "content-type": "application/json", connection: "close" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, id: (JSON.parse(text) as { id: string }).id }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
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
    // /readyz answers once one process listens; the supervisor says when all of them do.
    await eventually("both API processes listening", () =>
      readFileSync(intake.logFile, "utf8").includes("(2 processes)") ? true : undefined,
    );

    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const accepted = await submitOnFreshConnection(stack.apiUrl, extraSite(`RB-07${i} Procs`));
      expect(accepted.status).toBe(202);
      ids.push(accepted.id);
    }
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
    const late = await submitOnFreshConnection(stack.apiUrl, extraSite("RB-0799 After a crash"));
    expect(late.status).toBe(202);
    expect((await stack.waitForEnd([late.id]))[0]?.status).toBe("succeeded");

    expect(await intake.stop("SIGTERM", 20_000)).toBe(0);
    expect(await childrenOf(supervisor)).toEqual([]);
  });
});
