export * from "./invalid-override-error";
export * from "./ipam-config-error";
export * from "./ipam-exhausted-error";
export * from "./layout-mismatch-error";
export * from "./unknown-zone-error";
export * from "./zone-mismatch-error";
