export * from "./api-error";
export * from "./mist-read-error";
export * from "./on-error";
export * from "./zod-issues";
