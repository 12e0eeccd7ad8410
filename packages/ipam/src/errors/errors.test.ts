import { describe, expect, it } from "vitest";
import {
  InvalidOverrideError,
  IpamConfigError,
  IpamExhaustedError,
  isInvalidOverrideError,
  isIpamConfigError,
  isIpamExhaustedError,
  isLayoutMismatchError,
  isUnknownZoneError,
  isZoneMismatchError,
  LayoutMismatchError,
  UnknownZoneError,
  ZoneMismatchError,
} from ".";

describe("errors", () => {
  const cases = [
    [new IpamExhaustedError({ zone: "ANZ", capacity: 4 }), isIpamExhaustedError],
    [new UnknownZoneError("X", ["A"]), isUnknownZoneError],
    [
      new ZoneMismatchError({ siteName: "s", heldZone: "A", requestedZone: "B", index: 1 }),
      isZoneMismatchError,
    ],
    [new InvalidOverrideError("data_subnet", "x", "why"), isInvalidOverrideError],
    [new IpamConfigError(["a: b"]), isIpamConfigError],
    [new LayoutMismatchError({ zone: "A", stored: "s", configured: "c" }), isLayoutMismatchError],
  ] as const;

  it("set name and are recognised by their guard only, even after losing the prototype", () => {
    for (const [error, guard] of cases) {
      expect(error.name).toBe(error.constructor.name);
      expect(guard(error)).toBe(true);
      const copy = Object.assign(new Error(error.message), { name: error.name });
      expect(guard(copy)).toBe(true);
      expect(cases.filter(([, g]) => g(error))).toHaveLength(1);
    }
    expect(isIpamExhaustedError({ name: "IpamExhaustedError" })).toBe(false);
  });

  it("name the zone and capacity, and both zones of a mismatch", () => {
    expect(new IpamExhaustedError({ zone: "ANZ", capacity: 4 }).message).toBe(
      "IPAM zone ANZ is exhausted: all 4 site blocks are allocated",
    );
    expect(
      new ZoneMismatchError({ siteName: "Paris", heldZone: "EMEA-N", requestedZone: "EMEA-S", index: 3 })
        .message,
    ).toMatch(/"Paris" is allocated in zone EMEA-N .* requested zone EMEA-S/);
  });
});
