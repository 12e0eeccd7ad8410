export * from "./load-psk-sinks";
export * from "./psk-rotation-store";
