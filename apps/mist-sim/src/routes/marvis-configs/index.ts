export { marvisConfigRoutes } from "./marvis-config-routes";
