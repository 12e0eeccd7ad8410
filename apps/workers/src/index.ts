export { WorkersEnv } from "./env";
export { NotifyEnv, type RunningNotifyWorker, startNotifyWorker } from "./notify";
export { type RunningDomainWorker, startDomainWorker } from "./runtime";
