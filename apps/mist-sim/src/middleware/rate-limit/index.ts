export { budgetKey, rateLimitMiddleware } from "./rate-limit-middleware";
export {
  type ConsumeResult,
  DEFAULT_RATE_LIMIT,
  type RateLimitConfig,
  RateLimiter,
  type Usage,
} from "./rate-limiter";
