export * from "./passphrase-policy";
export * from "./psk-rotation";
export * from "./psk-sinks-config";
