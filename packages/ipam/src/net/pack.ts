import { FAMILY_BITS, type Family } from "./address";

export interface Packing {
  /** Offset of each prefix from the parent's network address, in input order. */
  offsets: bigint[];
  /** Addresses consumed, so callers can compare against the parent's size. */
  used: bigint;
}

/**
 * Places prefixes largest first (ties keep input order), each at the next free offset. Sizes are
 * powers of two visited in non-increasing order, so every running offset is a multiple of the next
 * size: alignment is automatic and the packing fits exactly when the sizes sum to at most the
 * parent's size. That makes "do the roles fit" a sum, and the result deterministic.
 */
export const packPrefixes = (family: Family, prefixLengths: readonly number[]): Packing => {
  const bits = FAMILY_BITS[family];
  const order = prefixLengths.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const offsets: bigint[] = new Array(prefixLengths.length).fill(0n);
  let used = 0n;
  for (const { p, i } of order) {
    offsets[i] = used;
    used += 1n << BigInt(bits - p);
  }
  return { offsets, used };
};
