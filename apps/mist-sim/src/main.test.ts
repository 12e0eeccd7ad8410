import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, DEFAULT_TOKEN } from "./seed/default-seed";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
// `--import tsx` resolves from the working directory, and the root vitest config runs from the repo root.
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

describe("CLI entry", () => {
  it("prints the banner, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "0", "--rate-limit", "off"], {
      cwd: PACKAGE_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    const banner = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        const line = out.split("\n").find((l) => l.startsWith("Mist simulator listening on"));
        if (line) resolve(line);
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    expect(banner).toMatch(
      new RegExp(
        `^Mist simulator listening on http://127\\.0\\.0\\.1:\\d+/api/v1  org ${DEFAULT_ORG_ID}  token ${DEFAULT_TOKEN}$`,
      ),
    );
    const apiUrl = banner.split(" ")[4] ?? "";
    const res = await fetch(`${apiUrl}/self`, { headers: { Authorization: `Token ${DEFAULT_TOKEN}` } });
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});
