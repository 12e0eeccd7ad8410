export {
  DEFAULT_FAULT_RETRY_AFTER_S,
  faultMiddleware,
  HANG_MAX_MS,
  STATUS_NO_RESPONSE,
} from "./fault-middleware";
export {
  DEFAULT_FAULT_SEED,
  type FaultDecision,
  FaultRegistry,
  type FaultView,
  jitteredDelay,
} from "./fault-registry";
export { FaultSpec, FaultSpecList } from "./fault-spec";
export { loadFaultsFile, parseFaults } from "./load-faults";
export { mulberry32 } from "./prng";
export { sleep } from "./sleep";
