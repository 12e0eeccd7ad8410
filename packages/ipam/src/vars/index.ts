export { mergeVars } from "./merge-vars";
export { missingVars, referencedVars } from "./referenced-vars";
export { IDENTITY_VARS, siteVars } from "./site-vars";
