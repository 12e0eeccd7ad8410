// The spec tooling lives in @mistflow/mist-spec; re-exported for the simulator's own tests.
export { findRepoRoot } from "@mistflow/mist-spec";
