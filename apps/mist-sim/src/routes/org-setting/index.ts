export { orgSettingOf, orgSettingRoutes, updateOrgSetting } from "./org-setting-routes";
export { ORG_SETTING_READ_ONLY, OrgSettingUpdate } from "./org-setting-schema";
