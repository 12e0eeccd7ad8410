export { authMiddleware } from "./auth";
export {
  DEFAULT_FAULT_SEED,
  type FaultDecision,
  FaultRegistry,
  FaultSpec,
  FaultSpecList,
  type FaultView,
  faultMiddleware,
  jitteredDelay,
  loadFaultsFile,
  parseFaults,
} from "./faults";
export { ANONYMOUS_KEY, Ledger, type LedgerCounts, type LedgerEntry, ledgerMiddleware } from "./ledger";
export {
  budgetKey,
  DEFAULT_RATE_LIMIT,
  type RateLimitConfig,
  RateLimiter,
  rateLimitMiddleware,
  type Usage,
} from "./rate-limit";
