import ipaddr from "ipaddr.js";

/** Address family; the width in bits is what every calculation here actually depends on. */
export type Family = 4 | 6;

export const FAMILY_BITS: Record<Family, number> = { 4: 32, 6: 128 };
const FAMILY_BYTES: Record<Family, number> = { 4: 4, 6: 16 };

/**
 * Addresses are handled as BigInt so one code path serves IPv4 and IPv6 and no arithmetic can
 * overflow or go negative the way 32-bit bitwise operators on JS numbers do.
 */
export const addressToBigInt = (addr: ipaddr.IPv4 | ipaddr.IPv6): bigint =>
  addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

const bigIntToAddress = (value: bigint, family: Family): ipaddr.IPv4 | ipaddr.IPv6 => {
  const width = FAMILY_BITS[family];
  if (value < 0n || value >= 1n << BigInt(width)) {
    throw new RangeError(`${value} is not an IPv${family} address`);
  }
  const bytes: number[] = [];
  let rest = value;
  for (let i = 0; i < FAMILY_BYTES[family]; i++) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return ipaddr.fromByteArray(bytes);
};

/** Canonical text: dotted quad for IPv4, RFC 5952 (lowercase, `::` compressed) for IPv6. */
export const formatAddress = (value: bigint, family: Family): string =>
  bigIntToAddress(value, family).toString();

/**
 * Strict parse: IPv4 must be a four-part decimal (`ipaddr.parse` also takes "10.1" and octal, which
 * nobody means in an IP plan) and IPv6 must carry no zone id.
 */
export const parseAddress = (text: string, family: Family): bigint | undefined => {
  if (family === 4) {
    return ipaddr.IPv4.isValidFourPartDecimal(text) ? addressToBigInt(ipaddr.IPv4.parse(text)) : undefined;
  }
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const addr = ipaddr.IPv6.parse(text);
  return addr.zoneId ? undefined : addressToBigInt(addr);
};

export const netmask = (prefixLength: number): string =>
  ipaddr.IPv4.subnetMaskFromPrefixLength(prefixLength).toString();
