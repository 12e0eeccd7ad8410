export * from "./api-error";
export * from "./on-error";
export * from "./zod-issues";
