/**
 * Redis keys of one allocator. Site names never appear in key names (only as hash fields and
 * values), so names with spaces, colons or braces are safe; zone codes are `[A-Z-]` by schema.
 */
export interface AllocatorKeys {
  /** hash: site name -> "ZONE|index" */
  sites: string;
  /** hash: zone code -> layout fingerprint; a zone has an entry exactly while it holds sites */
  layout: string;
  /** bitmap: bit i set while index i of the zone is allocated (BITPOS finds the lowest free one) */
  used: (zone: string) => string;
  /** hash: index -> site name */
  owners: (zone: string) => string;
}

/**
 * Redis Cluster hashes only the text inside the first `{...}` of a key, so requiring one in the
 * prefix puts every key in one slot and lets each operation stay a single atomic script.
 */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf("{");
  const close = open < 0 ? -1 : prefix.indexOf("}", open + 1);
  return close > open + 1;
}

export function allocatorKeys(prefix: string): AllocatorKeys {
  if (!hasHashTag(prefix)) {
    throw new TypeError(
      `IPAM key prefix ${JSON.stringify(prefix)} needs a non-empty hash tag, such as "{mistflow}:"`,
    );
  }
  return {
    sites: `${prefix}ipam:sites`,
    layout: `${prefix}ipam:layout`,
    used: (zone) => `${prefix}ipam:zone:${zone}:used`,
    owners: (zone) => `${prefix}ipam:zone:${zone}:owners`,
  };
}
