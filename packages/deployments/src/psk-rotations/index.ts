export * from "./psk-rotation-store";
export * from "./secret-box";
