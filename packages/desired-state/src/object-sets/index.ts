export * from "./object-sets";
