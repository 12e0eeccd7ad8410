import { describe, expect, it } from "vitest";
import {
  DEFAULT_ORG_ID,
  DEFAULT_SEED,
  DEFAULT_TOKEN,
  defaultClaimCodes,
  defaultForeignClaimCodes,
  OTHER_ORG_ID,
} from "./default-seed";
import { parseSeed } from "./load-seed";

describe("default seed", () => {
  const pool = DEFAULT_SEED.inventory[DEFAULT_ORG_ID] ?? [];

  it("is a valid seed with the documented orgs and tokens", () => {
    expect(() => parseSeed(DEFAULT_SEED)).not.toThrow();
    expect(DEFAULT_SEED.orgs.map((o) => o.name)).toEqual(["Demo Org", "Other Org"]);
    expect(DEFAULT_SEED.tokens.map((t) => [t.alias, t.privileges[0]?.role])).toEqual([
      ["demo", "admin"],
      ["readonly", "read"],
      ["other", "admin"],
    ]);
    expect(DEFAULT_SEED.tokens[0]?.value).toBe(DEFAULT_TOKEN);
  });

  it("holds 60 unclaimed demo devices and 2 owned by the other org", () => {
    const unclaimed = pool.filter((d) => d.claimed_by_org === undefined);
    const count = (type: string, model: string) =>
      unclaimed.filter((d) => d.type === type && d.model === model).length;
    expect(unclaimed).toHaveLength(60);
    expect(count("ap", "AP45")).toBe(30);
    expect(count("switch", "EX4100-48P")).toBe(15);
    expect(count("gateway", "SRX320")).toBe(15);
    expect(pool.filter((d) => d.claimed_by_org === OTHER_ORG_ID)).toHaveLength(2);
    for (const d of pool) {
      expect(d.claim_code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
      expect(d.mac).toMatch(/^[0-9a-f]{12}$/);
    }
  });

  it("hands out stable claim codes", () => {
    const aps = defaultClaimCodes("ap", 30);
    expect(new Set(aps).size).toBe(30);
    expect(defaultClaimCodes("ap", 2)).toEqual(aps.slice(0, 2));
    // Pinned so examples and docs that quote codes stay valid.
    expect(aps[0]).toBe("06C9F-35WOA-XV9AD");
    expect(defaultForeignClaimCodes()).toHaveLength(2);
    expect(() => defaultClaimCodes("switch", 16)).toThrow(RangeError);
  });
});
