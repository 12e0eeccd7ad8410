export * from "./assurance-env";
export * from "./base-env";
export * from "./load-env";
export * from "./mist-env";
export * from "./retry-env";
