export * from "./delivery-dedup";
export * from "./load-webhook-sources";
export * from "./mapping";
export * from "./receive";
export * from "./sources";
export * from "./verify";
