export * from "./map-ticket";
export * from "./ticket-path";
