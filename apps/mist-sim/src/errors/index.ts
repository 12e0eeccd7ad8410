export {
  badRequest,
  DETAIL_FORBIDDEN,
  DETAIL_INVALID_TOKEN,
  DETAIL_NOT_FOUND,
  DETAIL_NOT_PROVIDED,
  DETAIL_SERVER_ERROR,
  forbidden,
  invalidField,
  notFound,
  rateLimitDetail,
  rateLimited,
  unauthorized,
} from "./http-errors";
export { isMistApiError, MistApiError } from "./mist-api-error";
