export { createSiteSetting, deleteSite } from "./site-lifecycle";
export { assertSiteReferences } from "./site-references";
export { siteRoutes } from "./site-routes";
export { isIanaTimezone, SITE_TEMPLATE_FIELDS, SiteCreate, SiteUpdate } from "./site-schema";
export { nameMatcher, searchSites } from "./site-search";
