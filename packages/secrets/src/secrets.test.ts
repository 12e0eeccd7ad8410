import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatePassphrase } from "./generate-passphrase";
import { SecretSource } from "./secret-source";

describe("generatePassphrase", () => {
  it("has the asked length, no look-alike characters, and does not repeat", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassphrase(24);
      expect(p).toHaveLength(24);
      expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]+$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe("SecretSource", () => {
  it("reads MISTFLOW_SECRET_* and a secrets file, env winning", () => {
    const dir = mkdtempSync(join(tmpdir(), "secrets-"));
    const file = join(dir, "secrets.json");
    writeFileSync(file, JSON.stringify({ PSK_IOT: "from-file-123", PSK_STAFF: "staff-secret-1" }));
    const source = SecretSource.load({ MISTFLOW_SECRET_PSK_IOT: "from-env-1234", OTHER: "x" }, file);
    expect(source.get("PSK_IOT")).toBe("from-env-1234");
    expect(source.get("PSK_STAFF")).toBe("staff-secret-1");
    expect(source.get("OTHER")).toBeUndefined();
  });

  it("rejects a secrets file with badly named entries", () => {
    const dir = mkdtempSync(join(tmpdir(), "secrets-"));
    const file = join(dir, "secrets.json");
    writeFileSync(file, JSON.stringify({ "lower-case": "x" }));
    expect(() => SecretSource.load({}, file)).toThrow();
  });
});
