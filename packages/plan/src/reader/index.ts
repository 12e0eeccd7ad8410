export * from "./mist-reader";
