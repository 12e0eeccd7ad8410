export * from "./decommission";
export * from "./flow";
export * from "./names";
export * from "./notify";
export * from "./options";
export * from "./psk-rotation";
export * from "./rollouts";
export * from "./upgrades";
