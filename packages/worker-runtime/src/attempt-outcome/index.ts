export * from "./attempt-outcome";
