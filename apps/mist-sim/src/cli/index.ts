export { banner } from "./banner";
export { type CliOptions, DEFAULT_HOST, DEFAULT_PORT, parseCliOptions, USAGE } from "./cli-options";
export { parseRateLimitArg } from "./rate-limit-arg";
