import type { ResponseSpec } from "../operation";
import { ErrorBody } from "../schemas";

const error = (description: string): ResponseSpec => ({ description, schema: ErrorBody });

/** The error answers most operations share; each is `{error, message, issues?}`. */
export const ERRORS = {
  400: error("malformed JSON, a missing, invalid or unknown field (each named in `issues`)"),
  401: error("no or wrong API key, or a webhook signature that does not verify"),
  403: error("the API key lacks the scope"),
  404: error("not found"),
  409: error("conflict"),
  413: error("body larger than BODY_LIMIT_BYTES"),
  415: error("not application/json"),
  422: error(
    "unknown blueprint or IPAM zone, fields that do not fit together, or a blueprint body Mist's schemas refuse (blueprint_lint_failed, each JSON path in `issues`)",
  ),
  429: error("over the API key's requests per minute (see Retry-After)"),
  502: error("Mist answered with an error"),
  503: error("Redis or Mist unreachable, or the Mist call budget spent; retrying is safe (see Retry-After)"),
} satisfies Record<number, ResponseSpec>;
