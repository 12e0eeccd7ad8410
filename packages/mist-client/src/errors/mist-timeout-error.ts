import { hasErrorName } from "./has-name";
import { MistApiError } from "./mist-api-error";

export interface MistTimeoutErrorInit {
  method: string;
  path: string;
  timeoutMs: number;
  cause?: unknown;
}

/**
 * No complete response within `timeoutMs`. Transient, but note for POST the call may have been
 * applied by Mist: the caller's find-then-create must run before any retry.
 */
export class MistTimeoutError extends MistApiError {
  readonly timeoutMs: number;

  constructor(init: MistTimeoutErrorInit) {
    super(`${init.method} ${init.path} got no response within ${init.timeoutMs} ms`, {
      status: undefined,
      detail: undefined,
      method: init.method,
      path: init.path,
      permanent: false,
      cause: init.cause,
    });
    this.name = "MistTimeoutError";
    this.timeoutMs = init.timeoutMs;
  }
}

export function isMistTimeoutError(e: unknown): e is MistTimeoutError {
  return hasErrorName(e, "MistTimeoutError");
}
