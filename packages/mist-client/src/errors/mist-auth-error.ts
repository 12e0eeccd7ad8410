import { hasErrorName } from "./has-name";
import { describeDetail, MistApiError } from "./mist-api-error";

export interface MistAuthErrorInit {
  method: string;
  path: string;
  detail: string | undefined;
  /** The human name of the token (e.g. "demo"); the token value never appears in errors. */
  tokenAlias: string;
}

/** HTTP 401: the token is wrong, revoked or expired (unused for 90 days). Permanent. */
export class MistAuthError extends MistApiError {
  readonly tokenAlias: string;

  constructor(init: MistAuthErrorInit) {
    super(`Mist rejected token "${init.tokenAlias}" (401): ${describeDetail(init.detail)}`, {
      status: 401,
      detail: init.detail,
      method: init.method,
      path: init.path,
      permanent: true,
    });
    this.name = "MistAuthError";
    this.tokenAlias = init.tokenAlias;
  }
}

export function isMistAuthError(e: unknown): e is MistAuthError {
  return hasErrorName(e, "MistAuthError");
}
