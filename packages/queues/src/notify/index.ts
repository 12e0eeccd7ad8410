export * from "./notify-queue";
