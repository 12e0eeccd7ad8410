import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deletePrefix } from "./connections";
import { defineLuaCommands, luaCommands } from "./lua-commands";
import { MARKER_COMMANDS, type MarkerCommands } from "./records";

const scriptsDir = (files: Record<string, string>): URL => {
  const dir = mkdtempSync(join(tmpdir(), "mf-lua-"));
  for (const [name, lua] of Object.entries(files)) writeFileSync(join(dir, name), lua);
  return pathToFileURL(`${dir}/`);
};

describe("Lua command registry", () => {
  const prefix = uniquePrefix("lua");
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(inject("redisUrl"));
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it("names a command after its file and takes the key count from it", () => {
    const dir = scriptsDir({
      "pair-get-2.lua": "return {redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2])}",
    });
    expect(luaCommands(dir, ["pair-get-2"])).toEqual([
      { name: "mfPairGet", numberOfKeys: 2, lua: expect.stringContaining("KEYS[2]") },
    ]);
    expect(() => luaCommands(dir, ["pair-get"])).toThrow(/number of keys/);
  });

  it("defines once per client, and refuses another script under a taken name", async () => {
    const r = defineLuaCommands<MarkerCommands>(redis, MARKER_COMMANDS);
    expect(defineLuaCommands<MarkerCommands>(redis, MARKER_COMMANDS, MARKER_COMMANDS)).toBe(r);
    await redis.set(`${prefix}:lock`, "me");
    expect(await r.mfReleaseIfHolder(`${prefix}:lock`, "you")).toBe(0);
    expect(await r.mfReleaseIfHolder(`${prefix}:lock`, "me")).toBe(1);
    const other = luaCommands(scriptsDir({ "release-if-holder-1.lua": "return 2" }), ["release-if-holder-1"]);
    expect(() => defineLuaCommands(redis, other)).toThrow(/already defined/);
  });
});
