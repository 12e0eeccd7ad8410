import { hasErrorName } from "./has-name";
import { describeDetail, MistApiError } from "./mist-api-error";

export interface MistNotFoundErrorInit {
  method: string;
  path: string;
  detail: string | undefined;
}

/** HTTP 404: the object (or the endpoint) does not exist. Permanent. */
export class MistNotFoundError extends MistApiError {
  constructor(init: MistNotFoundErrorInit) {
    super(`${init.method} ${init.path} found nothing (404): ${describeDetail(init.detail)}`, {
      status: 404,
      detail: init.detail,
      method: init.method,
      path: init.path,
      permanent: true,
    });
    this.name = "MistNotFoundError";
  }
}

export function isMistNotFoundError(e: unknown): e is MistNotFoundError {
  return hasErrorName(e, "MistNotFoundError");
}
