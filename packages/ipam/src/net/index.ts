export * from "./address";
export * from "./cidr";
