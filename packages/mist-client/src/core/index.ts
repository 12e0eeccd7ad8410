export { attemptsFor, backoffDelayMs, DEFAULT_RETRY, isRetryableFailure } from "./backoff";
export { MIST_HTTP_DEFAULTS, MistHttp } from "./mist-http";
export { mistPath } from "./mist-path";
export { formatIssuePath } from "./parse-response";
export { toQueryString } from "./query-string";
export { isMistRegion, MIST_REGION_HOSTS, type MistRegion, mistHost, resolveBaseUrl } from "./regions";
export { msUntilNextHour, parseRetryAfter, retryAfterMs } from "./retry-after";
export { routeTemplate } from "./route-template";
export type {
  CallInfo,
  HttpMethod,
  MistHttpOptions,
  MistResponse,
  Query,
  QueryValue,
  RequestOptions,
  RetryOptions,
} from "./types";
