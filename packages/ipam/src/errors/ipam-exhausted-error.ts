/**
 * A zone has no free site block: either every index is allocated, or a caller asked for an index
 * past the zone's capacity. Growing a zone means a new layout, never silently spilling into the
 * neighbouring zone's addresses.
 */
export class IpamExhaustedError extends Error {
  override readonly name = "IpamExhaustedError";
  readonly zone: string;
  readonly capacity: number;
  /** The index asked for, when a plan was requested past the end of the zone. */
  readonly index: number | undefined;

  constructor(opts: { zone: string; capacity: number; index?: number }) {
    super(
      opts.index === undefined
        ? `IPAM zone ${opts.zone} is exhausted: all ${opts.capacity} site blocks are allocated`
        : `site index ${opts.index} is outside IPAM zone ${opts.zone}, which holds ${opts.capacity} sites (indexes 0..${opts.capacity - 1})`,
    );
    this.zone = opts.zone;
    this.capacity = opts.capacity;
    this.index = opts.index;
  }
}

/** Checks `name` rather than `instanceof` so it survives serialization and duplicate module copies. */
export const isIpamExhaustedError = (e: unknown): e is IpamExhaustedError =>
  e instanceof Error && e.name === "IpamExhaustedError";
