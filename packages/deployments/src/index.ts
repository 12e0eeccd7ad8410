export * from "./batches";
export * from "./caller-tokens";
export * from "./decommissions";
export * from "./ids";
export * from "./imports";
export * from "./lifecycle";
export * from "./psk-rotations";
export * from "./store";
