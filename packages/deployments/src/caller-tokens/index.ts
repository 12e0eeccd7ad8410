export * from "./caller-token-store";
