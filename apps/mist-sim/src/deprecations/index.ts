export {
  BASIC_AUTH_DEPRECATION,
  REQUEST_DEPRECATIONS,
  type RequestDeprecation,
} from "./deprecated-requests";
export { findDeprecations, type SentRequest } from "./find-deprecations";
