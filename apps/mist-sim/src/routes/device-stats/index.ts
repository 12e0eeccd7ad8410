export { deviceStat } from "./device-stat";
export { deviceStatsRoutes } from "./device-stats-routes";
