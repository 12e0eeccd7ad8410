export { fingerprint, OrgCatalog } from "@mistflow/deployments";
export * from "./site-directory";
