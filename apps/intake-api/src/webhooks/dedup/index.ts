export * from "./delivery-dedup";
