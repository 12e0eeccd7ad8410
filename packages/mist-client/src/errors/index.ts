export { isPermanentMistError, isTransientMistError } from "./classify";
export { isMistApiError, MistApiError, type MistApiErrorInit } from "./mist-api-error";
export { isMistAuthError, MistAuthError, type MistAuthErrorInit } from "./mist-auth-error";
export {
  isMistBadRequestError,
  MistBadRequestError,
  type MistBadRequestErrorInit,
} from "./mist-bad-request-error";
export {
  isMistForbiddenError,
  MistForbiddenError,
  type MistForbiddenErrorInit,
} from "./mist-forbidden-error";
export { isMistNetworkError, MistNetworkError, type MistNetworkErrorInit } from "./mist-network-error";
export { isMistNotFoundError, MistNotFoundError, type MistNotFoundErrorInit } from "./mist-not-found-error";
export {
  isMistRateLimitError,
  MistRateLimitError,
  type MistRateLimitErrorInit,
} from "./mist-rate-limit-error";
export {
  isMistSchemaError,
  MistSchemaError,
  type MistSchemaErrorInit,
  type SchemaIssue,
} from "./mist-schema-error";
export { isMistServerError, MistServerError, type MistServerErrorInit } from "./mist-server-error";
export { isMistTimeoutError, MistTimeoutError, type MistTimeoutErrorInit } from "./mist-timeout-error";
export { isRateLimitWaitError, RateLimitWaitError, type RateLimitWaitReason } from "./rate-limit-wait-error";
