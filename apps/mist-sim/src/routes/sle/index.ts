export { orgSleRoutes } from "./org-sle-routes";
export { siteSleRoutes } from "./site-sle-routes";
