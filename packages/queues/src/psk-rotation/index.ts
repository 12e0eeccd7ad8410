export * from "./psk-rotation-queue";
