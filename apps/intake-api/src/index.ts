export { type AppDeps, createApp } from "./app";
export { IntakeEnv } from "./env";
export { type RunningIntake, startIntake } from "./server";
export { fromLegacy, type SubmitDeps, submitDeployment } from "./submit";
