export * from "./recording-server";
