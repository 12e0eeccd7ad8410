import { hasErrorName } from "./has-name";
import { describeDetail, MistApiError } from "./mist-api-error";

export interface MistServerErrorInit {
  status: number;
  method: string;
  path: string;
  detail: string | undefined;
}

/** HTTP 5xx: Mist (or a proxy in front of it) failed. Transient. */
export class MistServerError extends MistApiError {
  constructor(init: MistServerErrorInit) {
    super(
      `${init.method} ${init.path} failed on the server (${init.status}): ${describeDetail(init.detail)}`,
      {
        status: init.status,
        detail: init.detail,
        method: init.method,
        path: init.path,
        permanent: false,
      },
    );
    this.name = "MistServerError";
  }
}

export function isMistServerError(e: unknown): e is MistServerError {
  return hasErrorName(e, "MistServerError");
}
