import { uniquePrefix } from "@mistflow/testing";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseIpamConfig } from "../config";
import { isIpamExhaustedError, isZoneMismatchError } from "../errors";
import { siteBlock } from "../plan";
import { deleteKeys } from "../testing/redis-keys";
import { IpamAllocator } from "./allocator";

const url = inject("redisUrl");
const base = uniquePrefix("ipam");

/** Three zones of four sites: with sixteen names, zones fill up and indexes get reused constantly. */
const CONFIG = parseIpamConfig({
  supernet: "172.16.0.0/12",
  zonePrefixLength: 14,
  zones: ["AA", "BB", "CC"].map((code) => ({ code, name: code })),
  sitePrefixLength: 16,
  roles: [{ name: "data", vlan: 10, prefixLength: 24 }],
});
const ZONES = CONFIG.zones.map((z) => z.code);
const CAPACITY = 4;
const SITES = [
  "a",
  "A",
  "b",
  "site 1",
  "site:1",
  "{x}",
  "x|AA|0",
  "é",
  "c",
  "d",
  "e",
  "f",
  "g",
  "h",
  "i",
  "j",
];

type Op = { kind: "allocate"; zone: string; site: string } | { kind: "release"; site: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("allocate" as const),
      zone: fc.constantFrom(...ZONES),
      site: fc.constantFrom(...SITES),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("release" as const), site: fc.constantFrom(...SITES) }),
  },
);

/** What the allocator must agree with: site -> (zone, index). */
class Model {
  readonly held = new Map<string, { zone: string; index: number }>();
  lowestFree(zone: string): number {
    const used = new Set([...this.held.values()].filter((h) => h.zone === zone).map((h) => h.index));
    let i = 0;
    while (used.has(i)) i++;
    return i;
  }
}

describe("IpamAllocator against a model", () => {
  let redis: Redis;
  let run = 0;
  beforeAll(() => {
    redis = new Redis(url);
  });
  afterAll(async () => {
    await deleteKeys(redis, base);
    await redis.quit();
  });

  it("never shares a block, keeps a held site's block, and reuses the lowest free index", async () => {
    await fc.assert(
      // ~200 operations a run on average; short sequences are kept so a failure shrinks to a readable one.
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 400, size: "max" }), async (ops) => {
        const ipam = new IpamAllocator(redis, { prefix: `${base}:run${run++}:`, config: CONFIG });
        const model = new Model();
        for (const o of ops) {
          const held = model.held.get(o.site);
          if (o.kind === "release") {
            expect(await ipam.release(o.site)).toBe(held !== undefined);
            model.held.delete(o.site);
          } else if (held && held.zone !== o.zone) {
            expect(isZoneMismatchError(await ipam.allocate(o.zone, o.site).catch((e: unknown) => e))).toBe(
              true,
            );
          } else if (held) {
            expect(await ipam.allocate(o.zone, o.site)).toMatchObject({ index: held.index, created: false });
          } else {
            const index = model.lowestFree(o.zone);
            if (index >= CAPACITY) {
              expect(isIpamExhaustedError(await ipam.allocate(o.zone, o.site).catch((e: unknown) => e))).toBe(
                true,
              );
            } else {
              expect(await ipam.allocate(o.zone, o.site)).toEqual({
                index,
                block: siteBlock(CONFIG, o.zone, index),
                created: true,
              });
              model.held.set(o.site, { zone: o.zone, index });
            }
          }
          // The whole state, every step: live blocks are distinct and match the model exactly.
          const live = (await Promise.all(ZONES.map((z) => ipam.list(z)))).flat();
          expect(new Set(live.map((a) => a.block)).size).toBe(live.length);
          expect(live.map((a) => a.siteName).sort()).toEqual([...model.held.keys()].sort());
          expect(await ipam.get(o.site)).toEqual(
            model.held.has(o.site) ? { ...model.held.get(o.site), block: expect.any(String) } : undefined,
          );
        }
        const usage = await ipam.zones();
        expect(usage.map((z) => z.used)).toEqual(
          ZONES.map((z) => [...model.held.values()].filter((h) => h.zone === z).length),
        );
      }),
      { numRuns: 15 },
    );
  });
});
