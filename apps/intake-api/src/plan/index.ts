export { type MistReader, mistReader } from "@mistflow/plan";
export * from "./mist-read-error";
export * from "./plan-deployments";
export * from "./plan-rollout";
