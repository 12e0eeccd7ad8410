export * from "./batch-view";
export * from "./parse-sites-csv";
export * from "./submit-batch";
