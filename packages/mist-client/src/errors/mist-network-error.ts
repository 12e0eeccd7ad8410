import { hasErrorName } from "./has-name";
import { MistApiError } from "./mist-api-error";

export interface MistNetworkErrorInit {
  method: string;
  path: string;
  /** Socket/undici error code such as `ECONNREFUSED` or `UND_ERR_SOCKET`, when known. */
  code: string | undefined;
  cause?: unknown;
}

/** The connection failed or broke before a response was read. Transient. */
export class MistNetworkError extends MistApiError {
  readonly code: string | undefined;

  constructor(init: MistNetworkErrorInit) {
    super(`${init.method} ${init.path} failed on the network (${init.code ?? "unknown error"})`, {
      status: undefined,
      detail: undefined,
      method: init.method,
      path: init.path,
      permanent: false,
      cause: init.cause,
    });
    this.name = "MistNetworkError";
    this.code = init.code;
  }
}

export function isMistNetworkError(e: unknown): e is MistNetworkError {
  return hasErrorName(e, "MistNetworkError");
}
