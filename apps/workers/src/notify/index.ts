export * from "./notify-env";
export * from "./notify-processor";
export * from "./start-notify-worker";
