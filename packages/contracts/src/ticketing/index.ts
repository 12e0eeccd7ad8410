export * from "./notify-job";
export * from "./ticket-ref";
export * from "./vendor-payloads";
export * from "./webhooks-config";
