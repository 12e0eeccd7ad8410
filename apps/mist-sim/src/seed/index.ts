export { deriveClaimCode } from "./claim-codes";
export {
  DEFAULT_ORG_ID,
  DEFAULT_SEED,
  DEFAULT_TOKEN,
  defaultClaimCodes,
  defaultForeignClaimCodes,
  OTHER_ORG_ID,
  OTHER_TOKEN,
  READONLY_TOKEN,
} from "./default-seed";
export { loadSeed, parseSeed } from "./load-seed";
export {
  DeviceType,
  SeedDevice,
  SeedToken,
  SimSeed,
} from "./schema";
