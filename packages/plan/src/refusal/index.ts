export * from "./plan-refusal";
