export { deriveSetting } from "./derive-setting";
export { settingRoutes } from "./setting-routes";
export { SETTING_READ_ONLY, SettingUpdate } from "./setting-schema";
