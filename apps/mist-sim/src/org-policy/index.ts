export { defaultOrgSetting, type OrgSetting, tokenSourceRule } from "./org-setting";
export { addressAllowed, callerAddress, isSourceEntry } from "./source-ip";
export { sourceIpDetail, sourceIpMiddleware } from "./source-ip-middleware";
