export * from "./expire-old-passphrase";
export * from "./fire-psk-schedule";
export * from "./psk-rotation-context";
export * from "./psk-sink";
export * from "./rotate-psk";
