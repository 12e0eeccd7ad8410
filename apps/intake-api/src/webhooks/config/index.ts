export * from "./load-webhook-sources";
