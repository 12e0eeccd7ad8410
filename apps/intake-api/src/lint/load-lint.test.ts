import { existsSync } from "node:fs";
import type { Logger } from "@mistflow/logger";
import { mistSpecPath } from "@mistflow/mist-spec";
import { describe, expect, it } from "vitest";
import { loadLint } from "./load-lint";

/** Records what start-up logs: the one line an operator reads to know whether lint is on. */
const recordingLog = () => {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) =>
    lines.push({ level, msg, fields });
  return { log: { warn: at("warn"), info: at("info") } as unknown as Logger, lines };
};

const SPEC = mistSpecPath();

describe("loadLint", () => {
  it("without a spec turns the lint off with one warning saying where to get the file", () => {
    const { log, lines } = recordingLog();
    expect(loadLint({ MIST_OPENAPI_SPEC: "/nowhere/mist.openapi.yaml" }, log)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe("warn");
    expect(lines[0]?.msg).toContain(
      "blueprint lint is off: no Mist OpenAPI spec at /nowhere/mist.openapi.yaml",
    );
    expect(lines[0]?.msg).toContain("https://github.com/mistsys/mist_openapi");
  });

  it.skipIf(!(SPEC && existsSync(SPEC)))("with the spec compiles it once and logs its version", () => {
    const { log, lines } = recordingLog();
    const lint = loadLint({ MIST_OPENAPI_SPEC: SPEC }, log);
    expect(lint?.spec.path).toBe(SPEC);
    expect(lines).toEqual([
      expect.objectContaining({
        level: "info",
        msg: "blueprint lint on",
        fields: expect.objectContaining({ spec: SPEC }),
      }),
    ]);
    expect(loadLint({ MIST_OPENAPI_SPEC: SPEC }, log)?.spec).toBe(lint?.spec);
  });
});
