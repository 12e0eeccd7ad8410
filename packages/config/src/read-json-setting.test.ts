import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonSetting } from "./read-json-setting";

const fail = (message: string, origin: string) => new Error(`${origin}: ${message}`);

describe("readJsonSetting", () => {
  it("reads the file over the inline JSON, and nothing when neither is set", () => {
    const file = join(mkdtempSync(join(tmpdir(), "setting-")), "s.json");
    writeFileSync(file, '{"from":"file"}');
    const source = { fileLabel: "test config", inlineName: "TEST_CONFIG" };
    expect(readJsonSetting({ ...source, file, inline: '{"from":"inline"}' }, fail)).toEqual({
      json: { from: "file" },
      origin: `test config ${file}`,
    });
    expect(readJsonSetting({ ...source, inline: '{"from":"inline"}' }, fail)).toEqual({
      json: { from: "inline" },
      origin: "TEST_CONFIG",
    });
    expect(readJsonSetting({ ...source, inline: "  " }, fail)).toBeUndefined();
    expect(readJsonSetting(source, fail)).toBeUndefined();
  });

  it("fails through the caller's error, naming where the setting came from", () => {
    expect(() => readJsonSetting({ fileLabel: "x", inlineName: "X", inline: "{" }, fail)).toThrow(
      /^X: not valid JSON: /,
    );
    expect(() => readJsonSetting({ fileLabel: "x config", file: "/nonexistent/x.json" }, fail)).toThrow(
      /^x config \/nonexistent\/x\.json: ENOENT/,
    );
  });
});
