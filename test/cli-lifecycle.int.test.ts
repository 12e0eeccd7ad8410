import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@mistflow/local-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ENTRY as CLI, deploySheetArgs, runCli } from "./support/cli";
import { extraSite } from "./support/examples";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

/** `plan`, `retry`, `cancel` and `sim` of the built `mistflow` binary, against a running stack. */
const HEADER = "site_name,address,country_code,timezone,region,macs,var.guest_vlan";
const SIM_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";

const sheet = (rows: string[]) => `${HEADER}\n${rows.join("\n")}\n`;
const row = (name: string, i: number) =>
  `${name},"${i} Elm St, Springfield",US,America/New_York,NA-EAST,,${120 + i}`;

// The binary is a process of its own; the stack it talks to runs in this one (no claim here is about it).
describe("mistflow plan, retry, cancel and sim (the built binary)", () => {
  let stack: StackUnderTest;
  let dir: string;
  const run = (args: string[], env: Record<string, string> = {}) => runCli(stack.apiUrl, args, env);
  const lastSeq = async () => (await stack.sim.ledger()).at(-1)?.seq ?? 0;

  beforeAll(async () => {
    stack = await startInProcessStack("cli-lifecycle");
    dir = await mkdtemp(join(tmpdir(), "mistflow-cli-lifecycle-"));
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("plan: creates on a fresh org, nothing once deployed, a bad row named by its line; GETs only", async () => {
    const sites = ["CLI-PLAN-01", "CLI-PLAN-02", "CLI-PLAN-03"];
    const file = join(dir, "plan.csv");
    await writeFile(file, sheet(sites.map((s, i) => row(s, i + 1))));
    const args = ["plan", "--csv", file, "--blueprint", "retail-branch", "--org", DEMO_ORG];

    let mark = await lastSeq();
    const fresh = await run(args);
    expect(fresh.stderr).toBe("");
    expect(fresh.code).toBe(0);
    const lines = fresh.stdout.trim().split("\n");
    const head = lines[0]?.match(
      /^plan: (\d+) to create, 0 to update, 0 unchanged, 0 problem\(s\); (\d+) Mist reads, no writes$/,
    );
    expect(head, lines[0]).not.toBeNull();
    expect(Number(head?.[1])).toBeGreaterThan(20);
    // The blueprint's org objects, once each, then one line per site, by its line in the sheet.
    expect(lines.filter((l) => /^ {2}create {2}\S+ /.test(l)).length).toBeGreaterThan(10);
    sites.forEach((s, i) => {
      const line = lines.find((l) => l.startsWith(`line ${i + 2} ${s}: `));
      expect(line, s).toMatch(/: create site, .*create site_vars/);
    });
    let calls = await stack.sim.ledger(mark);
    expect(calls.length).toBe(Number(head?.[2]));
    expect(calls.filter((c) => c.method !== "GET")).toEqual([]);
    expect(await stack.sim.counts(DEMO_ORG)).toMatchObject({ sites: 0 });

    const deployed = await run(deploySheetArgs(file, DEMO_ORG));
    expect(deployed.code, deployed.stderr).toBe(0);

    mark = await lastSeq();
    const again = await run(args);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    const after = again.stdout.trim().split("\n");
    expect(after[0]).toMatch(
      /^plan: 0 to create, 0 to update, \d+ unchanged, 0 problem\(s\); \d+ Mist reads/,
    );
    expect(after.filter((l) => l.startsWith("  "))).toEqual([]);
    sites.forEach((s, i) => {
      expect(after.find((l) => l.startsWith(`line ${i + 2} ${s}: `))).toMatch(/: no change( \[.+\])?$/);
    });
    calls = await stack.sim.ledger(mark);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.method !== "GET")).toEqual([]);

    const badFile = join(dir, "plan-bad.csv");
    await writeFile(
      badFile,
      sheet([row("CLI-PLAN-04", 4), `CLI-PLAN-05,"5 Elm St",US,Mars/Olympus,NA-EAST,,125`]),
    );
    mark = await lastSeq();
    const bad = await run(["plan", "--csv", badFile, "--blueprint", "retail-branch", "--org", DEMO_ORG]);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toEqual([
      `${badFile}: 1 bad row(s); nothing was planned`,
      "  line 3: timezone: must be an IANA time zone such as Europe/Paris",
    ]);
    expect(await stack.sim.ledger(mark)).toEqual([]);
  }, 240_000);

  it("retry: a deployment failed by a Mist fault succeeds with --wait; a succeeded one is refused (409)", async () => {
    await stack.forgetCatalog();
    await stack.sim.addFault({
      method: "GET",
      path: "^/orgs/[^/]+/rftemplates$",
      status: 400,
      detail: "bad band",
    });
    let id: string;
    try {
      ({ id } = await stack.api.submit(extraSite("CLI-RETRY")));
      const [failed] = await stack.waitForEnd([id]);
      expect(failed?.status).toBe("failed");
      expect(failed?.steps.s09.state).toBe("failed");
    } finally {
      await stack.sim.clearFaults();
    }

    const r = await run(["retry", id, "--wait"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^retrying ${id} \\(CLI-RETRY\\): (queued|running)$`));
    expect(lines.some((l) => /^CLI-RETRY +✔ s09 /.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^CLI-RETRY +DEPLOYED$/);
    const view = await stack.api.get(id);
    expect(view.status).toBe("succeeded");
    expect(view.steps.s09.state).toBe("succeeded");

    const jobs = await stack.jobCount();
    const again = await run(["retry", id]);
    expect(again.code).not.toBe(0);
    expect(again.stdout).toBe("");
    expect(again.stderr.trim()).toBe(
      `intake API answered 409: deployment ${id} is succeeded; only a failed deployment can be retried`,
    );
    expect(await stack.jobCount()).toBe(jobs);
  }, 180_000);

  it("cancel: a running deployment ends cancelled; an unknown id is refused (404)", async () => {
    await stack.forgetCatalog();
    // s03 holds its Mist call for long enough that the CLI, however slow to start, finds it running.
    await stack.sim.addFault({ method: "GET", path: "^/orgs/[^/]+/services$", delay_ms: 8_000 });
    try {
      const { id } = await stack.api.submit(extraSite("CLI-CANCEL"));
      await stack.waitFor(id, (v) => v.steps.s03.state === "running");
      const r = await run(["cancel", id]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toMatch(
        new RegExp(
          `^cancelled ${id}: cancelled, [1-9]\\d* queued job\\(s\\) removed; a step in flight finishes its Mist call$`,
        ),
      );
      const settled = await stack.waitFor(
        id,
        (v) => Object.values(v.steps).every((s) => s.state !== "running"),
        30_000,
      );
      expect(settled.status).toBe("cancelled");
      expect(settled.steps.final.state).toBe("cancelled");

      const status = await run(["status", id]);
      expect(status.code).toBe(0);
      expect(status.stdout.split("\n")[0]).toBe(`${id}  cancelled  CLI-CANCEL  (retail-branch)`);
    } finally {
      await stack.sim.clearFaults();
    }

    const unknown = "dep-000000000000000000000000";
    const missing = await run(["cancel", unknown]);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe("");
    expect(missing.stderr.trim()).toBe(`intake API answered 404: deployment ${unknown} not found`);
  }, 120_000);

  it("an unreachable API is named by its address, not a bare 'fetch failed'", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await run(["status", "dep-000000000000000000000000"], { MISTFLOW_API_URL: url });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe(
      `cannot reach the intake API at ${url} (ECONNREFUSED); is it running? Set --api <url> or MISTFLOW_API_URL`,
    );
  });

  it("sim: serves the Mist API on the given port with the demo token and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [CLI, "sim", "--port", String(port)], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    try {
      let out = "";
      child.stdout?.on("data", (b: Buffer) => {
        out += b.toString();
      });
      const deadline = Date.now() + 60_000;
      while (!out.includes("listening on")) {
        if (Date.now() > deadline) throw new Error(`the simulator never said it listens: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).toContain(`Mist simulator listening on http://127.0.0.1:${port}/api/v1`);
      expect(out).toContain(`org ${DEMO_ORG}`);

      const self = await fetch(`http://127.0.0.1:${port}/api/v1/self`, {
        headers: { Authorization: `Token ${SIM_TOKEN}` },
      });
      expect(self.status).toBe(200);
      const body = (await self.json()) as { privileges: Array<{ org_id: string; role: string }> };
      expect(body.privileges).toContainEqual(expect.objectContaining({ org_id: DEMO_ORG, role: "admin" }));
      const anonymous = await fetch(`http://127.0.0.1:${port}/api/v1/self`);
      expect(anonymous.status).toBe(401);

      child.kill("SIGTERM");
      expect(await exited).toEqual({ code: 0, signal: null });
      // The simulator itself went with the CLI: nothing answers on the port any more.
      await expect(fetch(`http://127.0.0.1:${port}/api/v1/self`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }, 90_000);
});
