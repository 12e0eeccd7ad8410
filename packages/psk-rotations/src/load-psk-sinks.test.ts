import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PskSinksConfigError } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { loadPskSinksConfig } from "./load-psk-sinks";

describe("loadPskSinksConfig", () => {
  const sinks = { vault: { url: "https://vault.example/hooks/psk", secret_env: "PSK_VAULT_SECRET" } };

  it("reads a file or the inline JSON, and is empty when neither is set", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sinks-")), "sinks.json");
    writeFileSync(file, JSON.stringify({ sinks }));
    const expected = { sinks: { vault: { type: "webhook", ...sinks.vault } } };
    expect(loadPskSinksConfig({ file })).toEqual(expected);
    expect(loadPskSinksConfig({ json: JSON.stringify({ sinks }) })).toEqual(expected);
    expect(loadPskSinksConfig({})).toEqual({ sinks: {} });
  });

  it("names every bad setting, and never wants the secret itself", () => {
    const load = (value: unknown) => () => loadPskSinksConfig({ json: JSON.stringify(value) });
    expect(load({ sinks: { vault: { url: "ftp://x", secret_env: "S" } } })).toThrow(
      "PSK_SINKS: sinks.vault.url: must be an http(s) URL",
    );
    expect(load({ sinks: { vault: { url: "https://x.example", secret_env: "whsec_abc" } } })).toThrow(
      /sinks\.vault\.secret_env: must be an environment variable name/,
    );
    expect(load({ sinks: { vault: { ...sinks.vault, secret: "whsec_abc" } } })).toThrow(/secret/);
    expect(load({ sinks: { "Bad Name": sinks.vault } })).toThrow(PskSinksConfigError);
    expect(() => loadPskSinksConfig({ json: "{" })).toThrow(/PSK_SINKS: not valid JSON/);
    expect(() => loadPskSinksConfig({ file: "/nonexistent/sinks.json" })).toThrow(PskSinksConfigError);
  });
});
