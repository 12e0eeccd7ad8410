export { createSimApp, type RunningSim, type SimOptions, type StartSimOptions, startSim } from "./app";
export type { FaultView, LedgerCounts, LedgerEntry, RateLimitConfig, Usage } from "./middleware";
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
export { type SimSnapshot, SimState } from "./state";
