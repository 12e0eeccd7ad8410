import { hasErrorName } from "./has-name";
import { describeDetail, MistApiError } from "./mist-api-error";

export interface MistForbiddenErrorInit {
  method: string;
  path: string;
  detail: string | undefined;
  tokenAlias: string;
}

/** HTTP 403: the token is valid but its privileges do not allow this call (e.g. read-only). */
export class MistForbiddenError extends MistApiError {
  readonly tokenAlias: string;

  constructor(init: MistForbiddenErrorInit) {
    super(
      `Token "${init.tokenAlias}" may not ${init.method} ${init.path} (403): ${describeDetail(init.detail)}`,
      { status: 403, detail: init.detail, method: init.method, path: init.path, permanent: true },
    );
    this.name = "MistForbiddenError";
    this.tokenAlias = init.tokenAlias;
  }
}

export function isMistForbiddenError(e: unknown): e is MistForbiddenError {
  return hasErrorName(e, "MistForbiddenError");
}
