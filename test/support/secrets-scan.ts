import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { dumpPrefix } from "./redis-dump";
import type { StackUnderTest } from "./stack-under-test";

export interface Written {
  /** Log file name → content, for mistflow's own processes. */
  logs: Map<string, string>;
  /** Every log line and every Redis value under the stack's prefix, as one text. */
  everything: string;
}

/**
 * What mistflow wrote during a run: every log of its own processes and every Redis value. The
 * simulator's log is left out: it plays Mist, which issued the token and prints it for people.
 */
export async function whatMistflowWrote(stack: StackUnderTest): Promise<Written> {
  const files = (await readdir(stack.logDir)).filter((f) => f !== "mist-sim.log");
  const logs = new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(join(stack.logDir, f), "utf8")] as const)),
  );
  return { logs, everything: [...logs.values(), await dumpPrefix(stack.redis, stack.prefix)].join("\n") };
}

/** Fails naming which secret leaked and what came before it (with the secret itself masked). */
export function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const [i, secret] of secrets.entries()) {
    const at = text.indexOf(secret);
    const context = at < 0 ? "" : text.slice(Math.max(0, at - 300), at).replaceAll(secret, "<SECRET>");
    expect(at, `secret #${i} leaked after: ${context}`).toBe(-1);
  }
}
