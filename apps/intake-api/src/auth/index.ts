export * from "./keyring";
export * from "./require-scope";
