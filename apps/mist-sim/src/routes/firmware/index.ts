export { createUpgrade, UpgradeSiteDevices } from "./upgrade-request";
export { upgradeRoutes } from "./upgrade-routes";
export { upgradeListItem, upgradeView } from "./upgrade-view";
export { type DeviceVersionItem, versionRoutes } from "./version-routes";
