export type {
  RateLimitConfig,
  Usage,
} from "./rate-limiter";
