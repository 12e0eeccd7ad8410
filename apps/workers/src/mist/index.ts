export * from "./mist-clients";
