export * from "./mount-board";
