export type { FaultView } from "./fault-registry";
export { FaultSpec } from "./fault-spec";
export { loadFaultsFile, parseFaults } from "./load-faults";
