export * from "./base64-hmac";
export * from "./constant-time";
export * from "./hub-signature";
export * from "./shared-secret";
export * from "./standard-webhooks";
export * from "./verification";
