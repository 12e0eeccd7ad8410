import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IpamConfigError } from "../errors";
import { DEFAULT_IPAM_CONFIG } from "./default-config";
import { loadIpamConfig } from "./load";

describe("loadIpamConfig", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ipam-config-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("returns the defaults without a path", async () => {
    expect(await loadIpamConfig()).toBe(DEFAULT_IPAM_CONFIG);
    expect(await loadIpamConfig("")).toBe(DEFAULT_IPAM_CONFIG);
  });

  it("reads and validates JSON", async () => {
    const path = join(dir, "ok.json");
    await writeFile(path, JSON.stringify({ sitePrefixLength: 21 }));
    expect((await loadIpamConfig(path)).sitePrefixLength).toBe(21);
  });

  it("reports the file and the field", async () => {
    const path = join(dir, "bad.json");
    await writeFile(path, JSON.stringify({ sitePrefixLength: 10 }));
    const err = await loadIpamConfig(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpamConfigError);
    expect((err as IpamConfigError).source).toBe(path);
    expect((err as IpamConfigError).message).toContain(`(${path}):\n  - sitePrefixLength:`);
  });

  it("explains unreadable, malformed and YAML files", async () => {
    const bad = join(dir, "broken.json");
    await writeFile(bad, "{ nope");
    await expect(loadIpamConfig(bad)).rejects.toThrow(/not valid JSON/);
    await expect(loadIpamConfig(join(dir, "missing.json"))).rejects.toThrow(/cannot read the file/);
    await expect(loadIpamConfig(join(dir, "ipam.yaml"))).rejects.toThrow(/YAML is not supported/);
  });
});
