export {
  type AutoUpgradeState,
  autoUpgradeCheck,
  autoUpgradeForSites,
  autoUpgradeSites,
  siteNames,
} from "./auto-upgrade";
export { MARVIS_WINDOW_DAYS, marvisCheck, selfDriving } from "./marvis-check";
export type {
  AutoUpgradeCheck,
  MarvisCheck,
  PreflightItem,
  PreflightReport,
  PreflightStatus,
  SiteRef,
  SourceIpCheck,
  TokenCheck,
} from "./preflight-types";
export { runPreflight } from "./run-preflight";
