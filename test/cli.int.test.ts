import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ENTRY, deploySheetArgs, runCli } from "./support/cli";
import { exampleDeployments } from "./support/examples";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

const HEADER = "site_name,address,country_code,timezone,region,macs,var.guest_vlan";

/** 20 sites over two zones; `bad` replaces whole rows by their 0-based index. */
function sheet(prefix: string, bad: Record<number, string> = {}): string {
  const rows = Array.from({ length: 20 }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    const region = i % 2 ? "NA-WEST" : "NA-EAST";
    const tz = i % 2 ? "America/Los_Angeles" : "America/New_York";
    return bad[i] ?? `${prefix}-${n},"${n} Main St, Springfield",US,${tz},${region},,${100 + i}`;
  });
  return `${HEADER}\n${rows.join("\n")}\n`;
}

// The binary is a process of its own; the stack it talks to runs in this one (no claim here is about it).
describe("mistflow CLI (the built binary) against a running stack", () => {
  let stack: StackUnderTest;
  let dir: string;
  const run = (args: string[]) => runCli(stack.apiUrl, args);

  beforeAll(async () => {
    stack = await startInProcessStack("cli");
    dir = await mkdtemp(join(tmpdir(), "mistflow-cli-"));
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("refuses a sheet with bad rows before submitting anything, naming each bad row's line", async () => {
    const file = join(dir, "bad.csv");
    await writeFile(
      file,
      sheet("CLI-BAD", {
        // Lines 8 and 16 of the file (line 1 is the header).
        6: `CLI-BAD-07,"7 Main St",US,Mars/Olympus,NA-EAST,,107`,
        14: `CLI-BAD-15,"15 Main St",USA,America/New_York,NA-EAST,zz:zz,115`,
      }),
    );
    const r = await run(deploySheetArgs(file, DEMO_ORG));
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toBe(`${file}: 2 bad row(s); nothing was submitted`);
    expect(lines).toContain("  line 8: timezone: must be an IANA time zone such as Europe/Paris");
    expect(lines).toContain("  line 16: country_code: must be an ISO 3166-1 alpha-2 code");
    expect(lines).toContain("  line 16: macs: must be a MAC address (12 hex digits)");
    expect(lines.filter((l) => /^ {2}line (?!8:|16:)/.test(l))).toEqual([]);
    expect(r.stdout).toBe("");

    expect(await stack.jobCount()).toBe(0);
    expect(await (await fetch(`${stack.apiUrl}/v1/deployments`)).json()).toEqual([]);
  });

  it("deploys a good sheet of 20 sites, following each site's steps in plain lines, and exits 0", async () => {
    const file = join(dir, "good.csv");
    await writeFile(file, sheet("CLI-OK"));
    const r = await run(deploySheetArgs(file, DEMO_ORG));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^batch bat-[0-9a-f]{24}: 20 site\(s\) submitted, 20 new$/);
    const batchId = lines[0]?.split(" ")[1]?.replace(/:$/, "") ?? "";
    expect(lines.at(-1)).toBe(`done: 20 succeeded, 0 failed, 0 cancelled (batch ${batchId})`);
    for (let i = 1; i <= 20; i++) {
      const site = `CLI-OK-${String(i).padStart(2, "0")}`;
      const mine = lines.filter((l) => l.startsWith(`${site} `));
      // Every step of every site seen finishing, then the site itself.
      expect(mine.filter((l) => / ✔ \S+ +.*: succeeded$/.test(l)).length, site).toBeGreaterThanOrEqual(14);
      expect(mine.at(-1), site).toMatch(new RegExp(`^${site} +DEPLOYED$`));
      expect(
        mine.findIndex((l) => l.includes("✔ s01")),
        `${site}: s01 before final`,
      ).toBeLessThan(mine.findIndex((l) => l.includes("✔ final")));
    }
    // No terminal escapes when stdout is not a TTY.
    expect(r.stdout.includes("\u001b[")).toBe(false);

    const status = await run(["status", batchId]);
    expect(status.code).toBe(0);
    const statusLines = status.stdout.trim().split("\n");
    expect(statusLines[0]).toBe(
      `batch ${batchId}  20 sites: 20 succeeded, 0 failed, 0 cancelled, 0 running, 0 queued`,
    );
    expect(statusLines.slice(1).every((l) => /^dep-[0-9a-f]{24} {2}succeeded {2}CLI-OK-\d\d$/.test(l))).toBe(
      true,
    );

    // The same sheet again is the same batch: nothing new is created or enqueued.
    const jobs = await stack.jobCount();
    const again = await run(["deploy", "--csv", file, "--blueprint", "retail-branch", "--org", DEMO_ORG]);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")[0]).toBe(
      `batch ${batchId}: 20 site(s) submitted, 0 new (submitted before)`,
    );
    expect(await stack.jobCount()).toBe(jobs);
  }, 240_000);

  it("deploy --json follows one deployment's events to the end and exits 0", async () => {
    const [first] = exampleDeployments();
    const file = join(dir, "one.json");
    await writeFile(file, JSON.stringify({ ...first, site: { ...first?.site, name: "CLI-JSON-01" } }));
    const r = await run(["deploy", "--json", file, "--wait"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ status: 202, id: expect.stringMatching(/^dep-/) });
    // Steps succeed with a note of what they did ("— created; IP block …").
    const done = lines.filter((l) => /^CLI-JSON-01 +✔ \S+ +.*: succeeded( — .+)?$/.test(l));
    expect(done.length, r.stdout).toBeGreaterThanOrEqual(14);
    expect(lines.at(-1)).toMatch(/^CLI-JSON-01 +DEPLOYED$/);
  }, 120_000);

  // util-linux's `script` (Debian's bsdutils, always installed) provides the pseudo-terminal.
  it.skipIf(!existsSync("/usr/bin/script"))(
    "in a terminal, redraws one task line per site in place and leaves the summary",
    async () => {
      const file = join(dir, "tty.csv");
      await writeFile(file, sheet("CLI-TTY").split("\n").slice(0, 4).join("\n"));
      const command = [process.execPath, CLI_ENTRY, "deploy", "--csv", file, "--blueprint", "retail-branch"]
        .concat(["--org", DEMO_ORG, "--wait"])
        .join(" ");
      // `script` gives the CLI a pseudo-terminal, as an operator's shell does.
      const { stdout } = await promisify(execFile)("script", ["-qec", command, "/dev/null"], {
        env: { PATH: process.env.PATH ?? "", MISTFLOW_API_URL: stack.apiUrl, TERM: "xterm-256color" },
        timeout: 120_000,
      });
      // Cursor movement and line erasing: the list is redrawn, not appended.
      const ESC = String.fromCharCode(27);
      expect(
        stdout
          .split(`${ESC}[`)
          .slice(1)
          .some((seq) => /^\d*[AK]/.test(seq)),
      ).toBe(true);
      for (const site of ["CLI-TTY-01", "CLI-TTY-02", "CLI-TTY-03"]) expect(stdout).toContain(site);
      expect(stdout).toMatch(/done: 3 succeeded, 0 failed, 0 cancelled \(batch bat-[0-9a-f]{24}\)/);
      // Far fewer lines than the plain output's one per step transition.
      expect(stdout.split("\n").length).toBeLessThan(3 * 14);
    },
    120_000,
  );
});
