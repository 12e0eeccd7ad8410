// The comparison lives with the desired state, so the dry run (`POST /v1/plan`) decides exactly as the steps do.
export { matchesDesired } from "@mistflow/desired-state";
