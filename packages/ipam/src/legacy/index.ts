export * from "./legacy-plan";
