import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiKeysConfigError, grants, Keyring, newApiKey } from "./keyring";

describe("Keyring", () => {
  it("accepts the keys it holds hashes of, and nothing else", () => {
    const a = newApiKey("ci", ["deployments:write"]);
    const b = newApiKey("noc", ["read"]);
    const ring = new Keyring([a.entry, b.entry]);
    expect(ring.verify(a.key)?.name).toBe("ci");
    expect(ring.verify(b.key)?.name).toBe("noc");
    expect(ring.verify(`${a.key}x`)).toBeUndefined();
    expect(JSON.stringify(a.entry)).not.toContain(a.key);
  });

  it("grants what a scope implies: admin everything, write also reads", () => {
    const { entry: admin } = newApiKey("a", ["admin"]);
    const { entry: write } = newApiKey("w", ["deployments:write"]);
    const { entry: read } = newApiKey("r", ["read"]);
    expect([grants(admin, "admin"), grants(admin, "deployments:write")]).toEqual([true, true]);
    expect([grants(write, "read"), grants(write, "admin")]).toEqual([true, false]);
    expect([grants(read, "read"), grants(read, "deployments:write")]).toEqual([true, false]);
  });

  it("loads a file and names the bad entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "keys-"));
    const file = join(dir, "keys.json");
    writeFileSync(file, JSON.stringify([{ name: "x", scopes: ["root"], sha256: "00" }]));
    expect(() => Keyring.load({ file })).toThrow(ApiKeysConfigError);
    expect(() => Keyring.load({ file })).toThrow(/\[0\.scopes\.0\].*\[0\.sha256\]/);
    expect(Keyring.load({})).toBeUndefined();
    const { entry } = newApiKey("ok", ["read"]);
    expect(Keyring.load({ json: JSON.stringify([entry]) })?.size).toBe(1);
  });
});
