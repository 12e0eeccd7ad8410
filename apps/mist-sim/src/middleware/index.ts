export {
  FaultSpec,
  type FaultView,
  loadFaultsFile,
  parseFaults,
} from "./faults";
export type { LedgerCounts, LedgerEntry } from "./ledger";
export type {
  RateLimitConfig,
  Usage,
} from "./rate-limit";
