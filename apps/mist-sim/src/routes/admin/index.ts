export { adminRoutes } from "./admin-routes";
export { countState, type SimCounts } from "./counts";
export { dumpKind, EXTRA_DUMP_KINDS } from "./dump";
