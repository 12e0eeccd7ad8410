export * from "./batch";
export * from "./deployment-events";
export * from "./parse-sites-csv";
export * from "./site-row";
