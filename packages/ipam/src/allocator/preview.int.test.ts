import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseIpamConfig } from "../config";
import { isIpamExhaustedError, isUnknownZoneError, isZoneMismatchError } from "../errors";
import { deleteKeys } from "../testing/redis-keys";
import { IpamAllocator } from "./allocator";
import { previewAllocations } from "./preview";

const url = inject("redisUrl");
const base = uniquePrefix("ipam-preview");
let scope = 0;

/** Two zones of four /20 sites each. */
const TINY = parseIpamConfig({
  supernet: "192.168.0.0/16",
  zonePrefixLength: 18,
  zones: [
    { code: "EAST", name: "East" },
    { code: "WEST", name: "West" },
  ],
  sitePrefixLength: 20,
  roles: [{ name: "data", vlan: 10, prefixLength: 24 }],
});

describe("previewAllocations", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(url);
  });
  afterAll(async () => {
    await deleteKeys(redis, base);
    await redis.quit();
  });

  it("shows held blocks, the blocks new sites would get in order, and allocates nothing", async () => {
    const prefix = `${base}:${scope++}:`;
    const ipam = new IpamAllocator(redis, { prefix, config: TINY });
    await ipam.allocate("EAST", "a");
    await ipam.allocate("EAST", "b");
    await ipam.release("a");
    const before = await redis.keys(`${prefix}*`);
    const dump = async () => Promise.all(before.sort().map((k) => redis.dump(k)));
    const state = await dump();

    const results = await previewAllocations(ipam, TINY, [
      { region: "EAST", site: "b" },
      { region: "EAST", site: "new-1" },
      { region: "EAST", site: "new-2" },
      { region: "EAST", site: "new-1" },
      { region: "WEST", site: "w" },
      { region: "WEST", site: "b" },
      { region: "NOPE", site: "x" },
    ]);
    const previews = results.map((r) => (r.ok ? r.preview : r.error.name));
    expect(previews).toEqual([
      { zone: "EAST", index: 1, block: "192.168.16.0/20", allocated: true },
      { zone: "EAST", index: 0, block: "192.168.0.0/20", allocated: false },
      { zone: "EAST", index: 2, block: "192.168.32.0/20", allocated: false },
      { zone: "EAST", index: 0, block: "192.168.0.0/20", allocated: false },
      { zone: "WEST", index: 0, block: "192.168.64.0/20", allocated: false },
      "ZoneMismatchError",
      "UnknownZoneError",
    ]);
    const [mismatch, unknown] = results.slice(5).map((r) => (r.ok ? undefined : r.error));
    expect(isZoneMismatchError(mismatch)).toBe(true);
    expect(isUnknownZoneError(unknown)).toBe(true);
    expect((await redis.keys(`${prefix}*`)).sort()).toEqual(before.sort());
    expect(await dump()).toEqual(state);
  });

  it("reports a full zone per site", async () => {
    const ipam = new IpamAllocator(redis, { prefix: `${base}:${scope++}:`, config: TINY });
    for (const s of ["1", "2", "3"]) await ipam.allocate("WEST", s);
    const results = await previewAllocations(ipam, TINY, [
      { region: "WEST", site: "4" },
      { region: "WEST", site: "5" },
    ]);
    expect(results[0]).toMatchObject({ ok: true, preview: { index: 3, allocated: false } });
    expect(results[1]?.ok === false && isIpamExhaustedError(results[1].error)).toBe(true);
  });
});
