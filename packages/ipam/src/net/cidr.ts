import ipaddr from "ipaddr.js";
import { addressToBigInt, FAMILY_BITS, type Family, formatAddress } from "./address";

/** A prefix as numbers: `network` is the first address, with no host bits set. */
export interface Cidr {
  readonly family: Family;
  readonly network: bigint;
  readonly prefixLength: number;
}

/** Result of a strict parse; `hostBitsSet` lets callers reject "10.0.0.1/8" with a precise message. */
export interface ParsedCidr {
  cidr: Cidr;
  hostBitsSet: boolean;
}

const isValidCidrText = (text: string, family: Family): boolean =>
  family === 4
    ? ipaddr.IPv4.isValidCIDRFourPartDecimal(text)
    : ipaddr.IPv6.isValidCIDR(text) && !text.includes("%");

export const parseCidr = (text: string, family: Family): ParsedCidr | undefined => {
  if (!isValidCidrText(text, family)) return undefined;
  const [addr, prefixLength] = family === 4 ? ipaddr.IPv4.parseCIDR(text) : ipaddr.IPv6.parseCIDR(text);
  const value = addressToBigInt(addr);
  const cidr = { family, network: value & ~hostMask(family, prefixLength), prefixLength };
  return { cidr, hostBitsSet: value !== cidr.network };
};

const hostMask = (family: Family, prefixLength: number): bigint =>
  (1n << BigInt(FAMILY_BITS[family] - prefixLength)) - 1n;

export const cidrSize = (c: Cidr): bigint => 1n << BigInt(FAMILY_BITS[c.family] - c.prefixLength);

export const lastAddress = (c: Cidr): bigint => c.network + cidrSize(c) - 1n;

export const formatCidr = (c: Cidr): string => `${formatAddress(c.network, c.family)}/${c.prefixLength}`;

/** The `index`-th prefix of length `prefixLength` inside `parent`; callers bound `index` first. */
export const subnetAt = (parent: Cidr, prefixLength: number, index: bigint): Cidr => {
  const size = 1n << BigInt(FAMILY_BITS[parent.family] - prefixLength);
  const child = { family: parent.family, network: parent.network + index * size, prefixLength };
  if (prefixLength < parent.prefixLength || index < 0n || !containsCidr(parent, child)) {
    throw new RangeError(`no /${prefixLength} number ${index} inside ${formatCidr(parent)}`);
  }
  return child;
};

export const containsAddress = (c: Cidr, value: bigint): boolean =>
  value >= c.network && value <= lastAddress(c);

export const containsCidr = (outer: Cidr, inner: Cidr): boolean =>
  outer.family === inner.family &&
  inner.prefixLength >= outer.prefixLength &&
  containsAddress(outer, inner.network) &&
  containsAddress(outer, lastAddress(inner));

export const overlaps = (a: Cidr, b: Cidr): boolean =>
  a.family === b.family && a.network <= lastAddress(b) && b.network <= lastAddress(a);
