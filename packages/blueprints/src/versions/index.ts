export * from "./effective-blueprint";
