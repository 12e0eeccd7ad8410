export { siteDeviceRoutes } from "./site-device-routes";
