import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_IPAM_CONFIG, parseIpamConfig } from "../config";
import {
  type IpamExhaustedError,
  isIpamExhaustedError,
  isLayoutMismatchError,
  isUnknownZoneError,
  isZoneMismatchError,
  type ZoneMismatchError,
} from "../errors";
import { deleteKeys } from "../testing/redis-keys";
import { IpamAllocator } from "./allocator";

const url = inject("redisUrl");
const base = uniquePrefix("ipam");
let scope = 0;
/** A fresh keyspace per test, all under this file's hash-tagged prefix. */
const fresh = () => `${base}:${scope++}:`;

/** Two zones of four /20 sites each inside 192.168.0.0/16. */
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

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("IpamAllocator", () => {
  const clients: Redis[] = [];
  let redis: Redis;
  beforeAll(() => {
    for (let i = 0; i < 3; i++) clients.push(new Redis(url));
    redis = clients[0] as Redis;
  });
  afterAll(async () => {
    await deleteKeys(redis, base);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it("gives a site the lowest free index, and the same block every time it asks", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    expect(await ipam.allocate("EAST", "Paris")).toEqual({
      index: 0,
      block: "192.168.0.0/20",
      created: true,
    });
    expect(await ipam.allocate("EAST", "paris")).toEqual({
      index: 1,
      block: "192.168.16.0/20",
      created: true,
    });
    expect(await ipam.allocate("EAST", "Paris")).toEqual({
      index: 0,
      block: "192.168.0.0/20",
      created: false,
    });
    expect(await ipam.allocate("WEST", "Paris ")).toEqual({
      index: 0,
      block: "192.168.64.0/20",
      created: true,
    });
    expect(await ipam.get("Paris")).toEqual({ zone: "EAST", index: 0, block: "192.168.0.0/20" });
    expect(await ipam.get("Lyon")).toBeUndefined();
  });

  it("transfers a block to a quarantine holder: the site's name gets a new block, the old one stays taken", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    const first = await ipam.allocate("EAST", "Paris");
    const held = await ipam.transfer("Paris", "quarantine:dcm-1");
    expect(held).toEqual({ zone: "EAST", index: first.index, block: first.block });
    // A lost reply is resent: the same answer, nothing moves twice.
    expect(await ipam.transfer("Paris", "quarantine:dcm-1")).toEqual(held);
    expect(await ipam.get("Paris")).toBeUndefined();
    const rebuilt = await ipam.allocate("EAST", "Paris");
    expect(rebuilt.block).not.toBe(first.block);
    expect((await ipam.list("EAST")).map((a) => a.siteName)).toEqual(["quarantine:dcm-1", "Paris"]);
    expect(await ipam.release("quarantine:dcm-1")).toBe(true);
    expect((await ipam.allocate("EAST", "Lyon")).block).toBe(first.block);
    expect(await ipam.transfer("Nowhere", "quarantine:dcm-2")).toBeUndefined();
    await expect(ipam.transfer("Lyon", "Paris")).rejects.toThrow(/already holds/);
  });

  it("adopts a hand-built site: its exact block becomes its own, overlapped ones are held, new sites get neither", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    // EAST is 192.168.0.0/18 in /20 sites: index 1 exactly, plus a /24 inside index 2 and a gateway in 3.
    const adoption = await ipam.adopt("Hand Built", [
      "192.168.36.0/24",
      "192.168.16.0/20",
      "192.168.48.1",
      "not a prefix",
      "10.9.9.0/24",
    ]);
    expect(adoption).toEqual({
      held: { zone: "EAST", index: 1, block: "192.168.16.0/20" },
      reserved: 2,
      conflicts: [],
      ignored: ["not a prefix"],
    });
    expect(await ipam.get("Hand Built")).toEqual({ zone: "EAST", index: 1, block: "192.168.16.0/20" });
    // Adopting again is a no-op.
    expect((await ipam.adopt("Hand Built", ["192.168.16.0/20", "192.168.36.0/24"])).reserved).toBe(0);
    // A new site gets index 0, then nothing is left in EAST: 1 is the site's, 2 and 3 are reserved.
    expect((await ipam.allocate("EAST", "New")).index).toBe(0);
    expect(isIpamExhaustedError(await caught(ipam.allocate("EAST", "Newer")))).toBe(true);
    expect((await ipam.list("EAST")).map((a) => a.siteName)).toEqual([
      "New",
      "Hand Built",
      "reserved:Hand Built",
      "reserved:Hand Built",
    ]);
    // Another hand-built site over a block mistflow gave out is a conflict, and nothing is written.
    const clash = await ipam.adopt("Clash", ["192.168.0.0/22", "192.168.64.0/20"]);
    expect(clash.conflicts).toEqual([{ zone: "EAST", index: 0, block: "192.168.0.0/20", owner: "New" }]);
    expect(await ipam.get("Clash")).toBeUndefined();
    expect(await ipam.list("WEST")).toEqual([]);
  });

  it("keeps names with spaces, colons, braces and unicode apart", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    const names = ["a:b", "a b", "{x}|1", "Zürich|EAST|0"];
    for (const [i, name] of names.entries()) expect((await ipam.allocate("EAST", name)).index).toBe(i);
    expect((await ipam.list("EAST")).map((a) => a.siteName)).toEqual(names);
    expect(await ipam.get("Zürich|EAST|0")).toMatchObject({ zone: "EAST", index: 3 });
  });

  it("refuses to move a site to another zone, naming both", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    await ipam.allocate("EAST", "Oslo");
    const err = await caught(ipam.allocate("WEST", "Oslo"));
    expect(isZoneMismatchError(err)).toBe(true);
    expect(err as ZoneMismatchError).toMatchObject({ heldZone: "EAST", requestedZone: "WEST", index: 0 });
    expect(String(err)).toMatch(/EAST.*WEST/);
  });

  it("releases, reuses the lowest free index, and counts usage", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    for (const s of ["s0", "s1", "s2"]) await ipam.allocate("EAST", s);
    expect(await ipam.release("s1")).toBe(true);
    expect(await ipam.release("s1")).toBe(false);
    expect(await ipam.get("s1")).toBeUndefined();
    expect(await ipam.allocate("EAST", "s3")).toMatchObject({ index: 1, created: true });
    expect(await ipam.list("EAST")).toEqual([
      { siteName: "s0", index: 0, block: "192.168.0.0/20" },
      { siteName: "s3", index: 1, block: "192.168.16.0/20" },
      { siteName: "s2", index: 2, block: "192.168.32.0/20" },
    ]);
    expect(await ipam.zones()).toEqual([
      { code: "EAST", name: "East", block: "192.168.0.0/18", capacity: 4, used: 3, free: 1 },
      { code: "WEST", name: "West", block: "192.168.64.0/18", capacity: 4, used: 0, free: 4 },
    ]);
  });

  it("raises IpamExhaustedError naming zone and capacity when a zone is full", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    for (let i = 0; i < 4; i++) await ipam.allocate("WEST", `w${i}`);
    const err = await caught(ipam.allocate("WEST", "one-too-many"));
    expect(isIpamExhaustedError(err)).toBe(true);
    expect(err as IpamExhaustedError).toMatchObject({ zone: "WEST", capacity: 4 });
    expect(String(err)).toContain("IPAM zone WEST is exhausted: all 4 site blocks are allocated");
    expect(await ipam.get("one-too-many")).toBeUndefined();
    await ipam.release("w2");
    expect(await ipam.allocate("WEST", "one-too-many")).toMatchObject({ index: 2 });
  });

  it("rejects unknown zones, empty names and prefixes without a hash tag", async () => {
    const ipam = new IpamAllocator(redis, { prefix: fresh(), config: TINY });
    expect(isUnknownZoneError(await caught(ipam.allocate("NORTH", "x")))).toBe(true);
    await expect(ipam.list("NORTH")).rejects.toThrow(/valid zones: EAST, WEST/);
    await expect(ipam.allocate("EAST", "")).rejects.toThrow(TypeError);
    expect(() => new IpamAllocator(redis, { prefix: "ipam:", config: TINY })).toThrow(/hash tag/);
  });

  it("refuses a config that would renumber live sites, until the zone is empty", async () => {
    const prefix = fresh();
    const before = new IpamAllocator(redis, { prefix, config: TINY });
    await before.allocate("EAST", "kept");
    const resized = new IpamAllocator(redis, {
      prefix,
      config: parseIpamConfig({ ...TINY, sitePrefixLength: 21 }),
    });
    const err = await caught(resized.allocate("WEST", "new"));
    expect(isLayoutMismatchError(err)).toBe(true);
    expect(String(err)).toContain('zone EAST was allocated with layout "192.168.0.0/18 in /20 sites"');
    await expect(resized.get("kept")).rejects.toThrow(/layout/);
    await expect(resized.list("EAST")).rejects.toThrow(/layout/);
    await expect(resized.zones()).rejects.toThrow(/layout/);

    const dropped = new IpamAllocator(redis, {
      prefix,
      config: parseIpamConfig({ ...TINY, zones: [TINY.zones[1]] }),
    });
    await expect(dropped.allocate("WEST", "new")).rejects.toThrow(/zone EAST .*no longer in the config/);

    expect(await resized.release("kept")).toBe(true);
    expect(await resized.allocate("EAST", "new")).toEqual({
      index: 0,
      block: "192.168.0.0/21",
      created: true,
    });
  });

  it("hands 300 concurrent requests from 3 connections 300 distinct indexes", async () => {
    const prefix = fresh();
    const allocators = clients.map((c) => new IpamAllocator(c, { prefix, config: DEFAULT_IPAM_CONFIG }));
    const names = Array.from({ length: 300 }, (_, i) => `branch ${i}`);
    const pick = (i: number) => allocators[i % allocators.length] as IpamAllocator;
    const results = await Promise.all(names.map((n, i) => pick(i).allocate("APAC-N", n)));
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r) => r.index).sort((a, b) => a - b)).toEqual(names.map((_, i) => i));
    expect(new Set(results.map((r) => r.block)).size).toBe(300);

    const again = await Promise.all(names.map((n, i) => pick(i + 1).allocate("APAC-N", n)));
    expect(again.map((r) => r.index)).toEqual(results.map((r) => r.index));
    expect(again.every((r) => !r.created)).toBe(true);
    expect((await pick(0).zones()).find((z) => z.code === "APAC-N")).toMatchObject({ used: 300, free: 1748 });
  });
});
