export * from "./types";
export * from "./upgrade-store";
