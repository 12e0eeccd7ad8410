/**
 * Redis holds allocations made under a different layout for this zone (supernet, zone order or
 * site size changed). Allocations are stored as indexes, so using them with the new layout would
 * silently renumber every site in the zone and could hand out blocks that overlap old ones.
 */
export class LayoutMismatchError extends Error {
  override readonly name = "LayoutMismatchError";
  readonly zone: string;
  readonly stored: string;
  readonly configured: string;

  constructor(opts: { zone: string; stored: string; configured: string }) {
    super(
      `IPAM zone ${opts.zone} was allocated with layout "${opts.stored}" but the config now says "${opts.configured}"; ` +
        "renumbering live sites is a migration, not a config edit",
    );
    this.zone = opts.zone;
    this.stored = opts.stored;
    this.configured = opts.configured;
  }
}

export const isLayoutMismatchError = (e: unknown): e is LayoutMismatchError =>
  e instanceof Error && e.name === "LayoutMismatchError";
