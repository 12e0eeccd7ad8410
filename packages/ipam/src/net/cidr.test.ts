import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAddress, parseAddress } from "./address";
import { containsCidr, formatCidr, overlaps, parseCidr, subnetAt } from "./cidr";
import { packPrefixes } from "./pack";

const cidr = (text: string, family: 4 | 6 = 4) => {
  const parsed = parseCidr(text, family);
  if (!parsed) throw new Error(`bad cidr ${text}`);
  return parsed.cidr;
};

describe("net", () => {
  it("parses strictly: four-part decimal IPv4, no IPv6 zone ids", () => {
    expect(parseCidr("10.0.0.0/8", 4)).toEqual({
      cidr: { family: 4, network: 10n << 24n, prefixLength: 8 },
      hostBitsSet: false,
    });
    expect(parseCidr("10.1.2.3/8", 4)?.hostBitsSet).toBe(true);
    for (const bad of ["10/8", "010.0.0.0/8", "10.0.0.0/33", "10.0.0.0", "fd00::/8"])
      expect(parseCidr(bad, 4)).toBeUndefined();
    expect(parseCidr("fd00::%eth0/8", 6)).toBeUndefined();
    expect(parseAddress("10.1", 4)).toBeUndefined();
    expect(parseAddress("fe80::1%eth0", 6)).toBeUndefined();
  });

  it("round-trips addresses through BigInt", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (a, b) => {
          expect(parseAddress(formatAddress(a, 4), 4)).toBe(a);
          expect(parseAddress(formatAddress(b, 6), 6)).toBe(b);
        },
      ),
    );
    expect(formatAddress(0xfd123456000100000000000000000001n, 6)).toBe("fd12:3456:1::1");
    expect(() => formatAddress(1n << 32n, 4)).toThrow(RangeError);
  });

  it("carves, contains and overlaps", () => {
    const net = cidr("10.0.0.0/8");
    expect(formatCidr(subnetAt(net, 11, 7n))).toBe("10.224.0.0/11");
    expect(() => subnetAt(net, 11, 8n)).toThrow(RangeError);
    expect(() => subnetAt(net, 7, 0n)).toThrow(RangeError);
    expect(containsCidr(net, cidr("10.255.255.252/30"))).toBe(true);
    expect(containsCidr(cidr("10.0.0.0/24"), cidr("10.0.0.0/23"))).toBe(false);
    expect(overlaps(cidr("10.0.0.0/23"), cidr("10.0.1.128/25"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/24"), cidr("10.0.1.0/24"))).toBe(false);
  });

  it("packs largest first and reports what it used", () => {
    expect(packPrefixes(4, [26, 24, 25, 25])).toEqual({ offsets: [512n, 0n, 256n, 384n], used: 576n });
  });
});
