export * from "./sle-delta";
