export * from "./receive-webhook";
