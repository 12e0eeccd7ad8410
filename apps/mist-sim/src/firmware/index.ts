export { DEFAULT_UPGRADE_PHASE_MS } from "./firmware-settings";

export type {
  UpgradeStatus,
  UpgradeStrategy,
} from "./upgrade-types";
