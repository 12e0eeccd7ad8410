import type { IpamConfig } from "../config";
import { IpamExhaustedError, ZoneMismatchError } from "../errors";
import { siteBlock, zoneCapacity } from "../plan";
import type { IpamAllocator } from "./allocator";

export interface AllocationPreview {
  zone: string;
  index: number;
  block: string;
  /** true: the site holds this block already; false: allocating now would hand it this one. */
  allocated: boolean;
}

export type PreviewResult = { ok: true; preview: AllocationPreview } | { ok: false; error: Error };

/**
 * What {@link IpamAllocator.allocate} would answer for each site, without allocating anything:
 * a held block as it is, and for new sites the lowest free indexes of their zone, handed out in
 * the order given (so a batch previews the blocks it would really get, if nobody else allocates
 * in between). Read-only: one lookup per site and one listing per zone.
 * Errors are per site (`ZoneMismatchError`, `IpamExhaustedError`, `UnknownZoneError`).
 */
export async function previewAllocations(
  allocator: IpamAllocator,
  config: IpamConfig,
  sites: ReadonlyArray<{ region: string; site: string }>,
): Promise<PreviewResult[]> {
  const held = await Promise.all(sites.map((s) => allocator.get(s.site)));
  const used = new Map<string, Promise<Set<number>>>();
  const usedIn = (zone: string) => {
    let set = used.get(zone);
    if (!set) {
      set = allocator.list(zone).then((list) => new Set(list.map((a) => a.index)));
      used.set(zone, set);
    }
    return set;
  };
  const planned = new Map<string, AllocationPreview>();
  const out: PreviewResult[] = [];
  for (const [i, { region, site }] of sites.entries()) {
    try {
      const h = held[i];
      if (h && h.zone !== region)
        throw new ZoneMismatchError({
          siteName: site,
          heldZone: h.zone,
          requestedZone: region,
          index: h.index,
        });
      if (h) {
        out.push({ ok: true, preview: { zone: h.zone, index: h.index, block: h.block, allocated: true } });
        continue;
      }
      const again = planned.get(site);
      if (again) {
        if (again.zone !== region)
          throw new ZoneMismatchError({
            siteName: site,
            heldZone: again.zone,
            requestedZone: region,
            index: again.index,
          });
        out.push({ ok: true, preview: again });
        continue;
      }
      const taken = await usedIn(region);
      let index = 0;
      while (taken.has(index)) index++;
      const capacity = zoneCapacity(config);
      if (index >= capacity) throw new IpamExhaustedError({ zone: region, capacity });
      taken.add(index);
      const preview = { zone: region, index, block: siteBlock(config, region, index), allocated: false };
      planned.set(site, preview);
      out.push({ ok: true, preview });
    } catch (e) {
      out.push({ ok: false, error: e instanceof Error ? e : new Error(String(e)) });
    }
  }
  return out;
}
