import ipaddr from "ipaddr.js";

/**
 * Test-side checks built on ipaddr.js directly rather than on src/net, so the properties do not
 * grade the code with its own helpers.
 */
export const toNumber = (addr: string): bigint =>
  ipaddr
    .parse(addr)
    .toByteArray()
    .reduce((acc, b) => acc * 256n + BigInt(b), 0n);

const bounds = (cidr: string): [bigint, bigint] => {
  const [addr, len] = ipaddr.parseCIDR(cidr);
  const width = addr.kind() === "ipv4" ? 32 : 128;
  const start = toNumber(addr.toString());
  return [start, start + (1n << BigInt(width - len)) - 1n];
};

export const isCanonicalCidr4 = (cidr: string): boolean =>
  ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) &&
  ipaddr.IPv4.networkAddressFromCIDR(cidr).toString() === cidr.split("/")[0];

export const cidrInside = (inner: string, outer: string): boolean => {
  const [a, b] = bounds(inner);
  const [c, d] = bounds(outer);
  return a >= c && b <= d;
};

export const cidrsDisjoint = (x: string, y: string): boolean => {
  const [a, b] = bounds(x);
  const [c, d] = bounds(y);
  return b < c || d < a;
};

/** Usable host of an IPv4 subnet: inside it and neither the network nor the broadcast address. */
export const usableHost4 = (addr: string, cidr: string): boolean => {
  const [start, end] = bounds(cidr);
  const n = toNumber(addr);
  return ipaddr.IPv4.isValidFourPartDecimal(addr) && n > start && n < end;
};

export const addrInside = (addr: string, cidr: string): boolean => {
  const [start, end] = bounds(cidr);
  const n = toNumber(addr);
  return n >= start && n <= end;
};
