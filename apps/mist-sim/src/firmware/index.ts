export { type FirmwareFailures, NO_FAILURES, willFail } from "./failure-plan";
export {
  catalogModels,
  type FirmwareVersion,
  resolveVersion,
  versionsFor,
} from "./firmware-catalog";
export { DEFAULT_UPGRADE_PHASE_MS, FirmwareSettings } from "./firmware-settings";
export { settleUpgrades } from "./settle-upgrades";
export { DEFAULT_CANARY_PHASES, type PlanOptions, planPhases } from "./upgrade-plan";
export { type UpgradeProgress, upgradeProgress } from "./upgrade-progress";
export {
  type DeviceUpgradeState,
  type SiteUpgrade,
  UPGRADE_STRATEGIES,
  type UpgradeStatus,
  type UpgradeStrategy,
} from "./upgrade-types";
