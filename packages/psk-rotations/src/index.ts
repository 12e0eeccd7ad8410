export * from "./psk-rotation-store";
