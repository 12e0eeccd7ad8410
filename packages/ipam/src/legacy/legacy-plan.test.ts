import { describe, expect, it } from "vitest";
import { siteVars } from "../vars";
import { isLegacyZoneError, LEGACY_MAX_ZONE, legacyPlanSite, legacyZoneProblem } from "./legacy-plan";

describe("legacy 10.{zone}.{site} formula", () => {
  it("reproduces the older addresses for zones 1-20", () => {
    const plan = legacyPlanSite(7, 42);
    expect(plan.roles.data).toMatchObject({ subnet: "10.7.42.0/24", gateway: "10.7.42.1", vlan: 10 });
    expect(plan.roles.voice?.subnet).toBe("10.107.42.0/24");
    expect(plan.roles.guest?.subnet).toBe("10.157.42.0/24");
    expect(siteVars(plan)).toMatchObject({
      data_subnet: "10.7.42.0/24",
      guest_gateway: "10.157.42.1",
      site_zone: "LEGACY-7",
    });
  });

  it("keeps every block of zones 1-20 apart", () => {
    const seen = new Map<string, string>();
    for (let zone = 1; zone <= LEGACY_MAX_ZONE; zone++) {
      for (const [role, r] of Object.entries(legacyPlanSite(zone, 9).roles)) {
        const owner = seen.get(r.subnet);
        expect(owner, `${r.subnet} of zone ${zone} ${role}`).toBeUndefined();
        seen.set(r.subnet, `${zone}/${role}`);
      }
    }
  });

  it("rejects zones where the formula overlaps or breaks, saying why", () => {
    expect(legacyZoneProblem(21)).toContain("only numbered zones 1-20");
    expect(legacyZoneProblem(51)).toBe("its voice block 10.151.x.x is zone 1's guest block");
    expect(legacyZoneProblem(106)).toContain("10.256.x.x, which is not an IPv4 address");
    expect(legacyZoneProblem(0)).toBe("zones start at 1");
    try {
      legacyPlanSite(51, 1);
      expect.unreachable();
    } catch (e) {
      expect(isLegacyZoneError(e)).toBe(true);
      expect((e as Error).message).toMatch(
        /^legacy zone 51 cannot use the older 10\.\{zone\}\.\{site\} formula/,
      );
    }
    expect(() => legacyPlanSite(3, 256)).toThrow(RangeError);
  });
});
