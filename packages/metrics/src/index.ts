export * from "./catalog";
export * from "./observers";
export * from "./recorder";
export * from "./render";
export * from "./series";
