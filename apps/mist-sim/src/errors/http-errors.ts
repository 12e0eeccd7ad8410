import { MistApiError } from "./mist-api-error";

// Wording follows Django REST framework defaults, which Mist is built on (docs/design/mist-api.md §1, §3.5).
export const DETAIL_NOT_PROVIDED = "Authentication credentials were not provided.";
export const DETAIL_INVALID_TOKEN = "Invalid token.";
export const DETAIL_FORBIDDEN = "You do not have permission to perform this action.";
export const DETAIL_NOT_FOUND = "Not found.";
export const DETAIL_SERVER_ERROR = "A server error occurred.";

export function unauthorized(detail: string): MistApiError {
  // DRF's TokenAuthentication advertises its scheme on 401.
  return new MistApiError(401, { detail }, { "WWW-Authenticate": "Token" });
}

export function forbidden(): MistApiError {
  return new MistApiError(403, { detail: DETAIL_FORBIDDEN });
}

export function notFound(): MistApiError {
  return new MistApiError(404, { detail: DETAIL_NOT_FOUND });
}

export function badRequest(detail: string): MistApiError {
  return new MistApiError(400, { detail });
}

/** Mist's field-error shape, e.g. `{"detail": "invalid field: name", "reason": "field is required"}`. */
export function invalidField(field: string, reason: string): MistApiError {
  return new MistApiError(400, { detail: `invalid field: ${field}`, reason });
}

export function rateLimited(perWindow: number, windowMs: number, retryAfterS: number): MistApiError {
  return new MistApiError(
    429,
    { detail: rateLimitDetail(perWindow, windowMs) },
    { "Retry-After": String(retryAfterS) },
  );
}

/** The documented 429 text, with the configured budget and window substituted. */
export function rateLimitDetail(perWindow: number, windowMs: number): string {
  return `Too Many Request. The API Token used for the request reached the ${perWindow} API Calls per ${windowLabel(windowMs)} threshold`;
}

function windowLabel(windowMs: number): string {
  const units: Array<[ms: number, name: string]> = [
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1000, "second"],
  ];
  for (const [ms, name] of units) {
    if (windowMs % ms !== 0) continue;
    const n = windowMs / ms;
    return n === 1 ? name : `${n} ${name}s`;
  }
  return `${windowMs} ms`;
}
