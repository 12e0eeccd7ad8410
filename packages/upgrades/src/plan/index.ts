export * from "./plan-waves";
