import { hasErrorName } from "./has-name";
import { describeDetail, MistApiError } from "./mist-api-error";

export interface MistBadRequestErrorInit {
  method: string;
  path: string;
  detail: string | undefined;
  /** Mist's optional `reason` next to `detail` (e.g. "contains duplicate uuids"). */
  reason?: string | undefined;
  /** Parsed documented error body, e.g. `response_inventory` on a failed claim. */
  body?: unknown;
}

/** HTTP 400: the payload or query was rejected. Permanent: resending it cannot help. */
export class MistBadRequestError extends MistApiError {
  readonly reason: string | undefined;

  constructor(init: MistBadRequestErrorInit) {
    const reason = init.reason === undefined ? "" : ` (${init.reason})`;
    super(`${init.method} ${init.path} was rejected (400): ${describeDetail(init.detail)}${reason}`, {
      status: 400,
      detail: init.detail,
      method: init.method,
      path: init.path,
      permanent: true,
      body: init.body,
    });
    this.name = "MistBadRequestError";
    this.reason = init.reason;
  }
}

export function isMistBadRequestError(e: unknown): e is MistBadRequestError {
  return hasErrorName(e, "MistBadRequestError");
}
