/**
 * A site already holds a block in another zone. Moving it would renumber a live branch, so the
 * allocator refuses; release the site first if the move is intended.
 */
export class ZoneMismatchError extends Error {
  override readonly name = "ZoneMismatchError";
  readonly siteName: string;
  readonly heldZone: string;
  readonly requestedZone: string;
  readonly index: number;

  constructor(opts: { siteName: string; heldZone: string; requestedZone: string; index: number }) {
    super(
      `site ${JSON.stringify(opts.siteName)} is allocated in zone ${opts.heldZone} (index ${opts.index}), ` +
        `not in the requested zone ${opts.requestedZone}; release it before moving it`,
    );
    this.siteName = opts.siteName;
    this.heldZone = opts.heldZone;
    this.requestedZone = opts.requestedZone;
    this.index = opts.index;
  }
}

export const isZoneMismatchError = (e: unknown): e is ZoneMismatchError =>
  e instanceof Error && e.name === "ZoneMismatchError";
