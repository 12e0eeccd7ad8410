export type { CallOptions, ResourceContext } from "./context";
export { DeviceProfileAssignResult, DeviceProfilesApi } from "./deviceprofiles";
export {
  DeviceVersion,
  FINAL_UPGRADE_STATUSES,
  FirmwareApi,
  type FirmwareDeviceType,
  SiteDevice,
  SiteDeviceUpgrade,
  SiteDeviceUpgradeItem,
  type SiteUpgradeInput,
} from "./firmware";
export { InsightsApi, OrgSiteSle, type OrgSitesSleQuery } from "./insights";
export {
  type AssignOptions,
  CLAIM_BATCH_SIZE,
  ClaimedDevice,
  InventoryApi,
  InventoryChangeResult,
  InventoryClaimResult,
  InventoryItem,
  type InventoryQuery,
} from "./inventory";
export { normalizeMac } from "./mac";
export { MarvisApi, MarvisConfigAction, type MarvisSearchQuery } from "./marvis";
export {
  type FindByNameOptions,
  ORG_OBJECT_KINDS,
  OrgObject,
  type OrgObjectBody,
  type OrgObjectKind,
  OrgObjectsApi,
} from "./org-objects";
export { OrgSetting, OrgSettingApi, type OrgSettingUpdate } from "./org-setting";
export { type CreatePskOptions, Psk, type PskInput, PsksApi } from "./psks";
export { Admin, AdminPrivilege, ApiUsage, SelfApi } from "./self";
export {
  Site,
  type SiteInput,
  SiteSetting,
  type SiteSettingUpdate,
  SitesApi,
  type SiteUpdate,
} from "./sites";
