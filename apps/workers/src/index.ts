export { WorkersEnv } from "./env";
export { type RunningDomainWorker, startDomainWorker } from "./runtime";
