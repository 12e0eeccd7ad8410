export * from "./drift";
export * from "./objects";
export * from "./reader";
