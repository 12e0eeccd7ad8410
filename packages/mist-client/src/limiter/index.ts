export type { CallLimiter, CallPermit } from "./call-limiter";
export { RATE_LIMIT_LUA, RATE_LIMIT_LUA_SHA } from "./rate-limit-script";
export {
  type LimiterDecision,
  type LimiterUsage,
  RedisCallLimiter,
  type RedisCallLimiterOptions,
} from "./redis-call-limiter";
export { limiterKey } from "./token-key";
