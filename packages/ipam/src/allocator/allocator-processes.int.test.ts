import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";

const CHILD = fileURLToPath(new URL("../testing/allocate-in-process.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

const runChild = (args: string[]) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(TSX, [CHILD, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
  });

describe("IpamAllocator across OS processes", () => {
  const url = inject("redisUrl");
  const prefix = `{t-ipam-proc-${randomBytes(3).toString("hex")}}:`;
  afterAll(async () => {
    const redis = new Redis(url);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("hands 500 concurrent sites from 4 processes 500 distinct blocks", async () => {
    const outputs = await Promise.all(
      [0, 1, 2, 3].map((p) => runChild([url, prefix, "EMEA-N", String(p * 125), "125"])),
    );
    const results = outputs
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { name: string; index: number; block: string; created: boolean });
    expect(results).toHaveLength(500);
    expect(new Set(results.map((r) => r.name)).size).toBe(500);
    expect(new Set(results.map((r) => r.block)).size).toBe(500);
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r) => r.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 500 }, (_, i) => i),
    );
  }, 60_000);
});
