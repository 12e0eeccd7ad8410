export { createSimApp, type RunningSim, type SimOptions, type StartSimOptions, startSim } from "./app";
export { DEFAULT_UPGRADE_PHASE_MS, type UpgradeStatus, type UpgradeStrategy } from "./firmware";
export {
  FaultSpec,
  type FaultView,
  type LedgerCounts,
  type LedgerEntry,
  loadFaultsFile,
  parseFaults,
  type RateLimitConfig,
  type Usage,
} from "./middleware";
export {
  DEFAULT_ORG_ID,
  DEFAULT_SEED,
  DEFAULT_TOKEN,
  type DeviceType,
  defaultClaimCodes,
  defaultForeignClaimCodes,
  deriveClaimCode,
  loadSeed,
  OTHER_ORG_ID,
  OTHER_TOKEN,
  parseSeed,
  READONLY_TOKEN,
  type SeedDevice,
  type SeedToken,
  SimSeed,
} from "./seed";
export { SLE_METRICS, type SleConfig, type SleMetric } from "./sle";
export { type SimSnapshot, SimState } from "./state";
