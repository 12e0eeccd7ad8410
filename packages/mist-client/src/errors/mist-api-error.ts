export interface MistApiErrorInit {
  /** HTTP status; undefined when no response arrived (timeout, network). */
  status: number | undefined;
  /** Mist's `detail` string from the error body, when it sent one. */
  detail: string | undefined;
  method: string;
  /** Path below `/api/v1`, without the query string. */
  path: string;
  /** True when retrying the same call cannot succeed (bad payload, auth, missing object). */
  permanent: boolean;
  /** A documented error body (only kept where the endpoint defines one, e.g. inventory claims). */
  body?: unknown;
  cause?: unknown;
}

/** Every Mist call failure derives from this, so callers can classify with one `permanent` flag. */
export class MistApiError extends Error {
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly permanent: boolean;
  readonly body: unknown;

  constructor(message: string, init: MistApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "MistApiError";
    this.status = init.status;
    this.detail = init.detail;
    this.method = init.method;
    this.path = init.path;
    this.permanent = init.permanent;
    this.body = init.body;
  }
}

/** Names of every class that extends {@link MistApiError}; the base guard accepts any of them. */
const MIST_API_ERROR_NAMES: ReadonlySet<string> = new Set([
  "MistApiError",
  "MistBadRequestError",
  "MistAuthError",
  "MistForbiddenError",
  "MistNotFoundError",
  "MistRateLimitError",
  "MistServerError",
  "MistTimeoutError",
  "MistNetworkError",
  "MistSchemaError",
]);

export function isMistApiError(e: unknown): e is MistApiError {
  if (typeof e !== "object" || e === null) return false;
  const name = (e as { name?: unknown }).name;
  return typeof name === "string" && MIST_API_ERROR_NAMES.has(name);
}

/** `4xx` is permanent except 408 (timeout), 409 (conflict, often a race) and 429 (rate limit). */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}

/** Used by messages: Mist's detail, or a neutral placeholder; never the request body. */
export function describeDetail(detail: string | undefined): string {
  return detail ?? "(no detail)";
}
