export { selfRoutes } from "./self-routes";
