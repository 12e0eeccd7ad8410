import { hasErrorName } from "./has-name";
import { describeDetail, MistApiError } from "./mist-api-error";

export interface MistRateLimitErrorInit {
  method: string;
  path: string;
  detail: string | undefined;
  /** How long to stay away: from `Retry-After`, else until the next clock hour + 5 s. */
  retryAfterMs: number;
}

/**
 * HTTP 429: the token's hourly budget is spent. Transient, but never retried inline: the job should
 * be parked (BullMQ `moveToDelayed`) for `retryAfterMs`, and the shared limiter is already cooling down.
 */
export class MistRateLimitError extends MistApiError {
  readonly retryAfterMs: number;

  constructor(init: MistRateLimitErrorInit) {
    const seconds = Math.ceil(init.retryAfterMs / 1000);
    super(
      `${init.method} ${init.path} hit the Mist rate limit (429), retry in ${seconds} s: ${describeDetail(init.detail)}`,
      { status: 429, detail: init.detail, method: init.method, path: init.path, permanent: false },
    );
    this.name = "MistRateLimitError";
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isMistRateLimitError(e: unknown): e is MistRateLimitError {
  return hasErrorName(e, "MistRateLimitError");
}
