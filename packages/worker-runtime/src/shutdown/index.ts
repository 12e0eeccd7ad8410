export * from "./close-with-deadline";
