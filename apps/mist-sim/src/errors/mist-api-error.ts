/**
 * An expected API failure rendered exactly as Mist would: `status`, a JSON body (DRF style
 * `{"detail": …}` unless an endpoint has its own error shape) and optional extra headers.
 */
export class MistApiError extends Error {
  override readonly name = "MistApiError";

  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(typeof body.detail === "string" ? body.detail : `HTTP ${status}`, options);
  }
}

/** Checks the name so it survives duplicate module copies (e.g. tsx + bundled builds). */
export function isMistApiError(err: unknown): err is MistApiError {
  return err instanceof Error && err.name === "MistApiError";
}
