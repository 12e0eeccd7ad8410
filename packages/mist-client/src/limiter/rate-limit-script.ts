import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * The shared Mist call budget as ONE atomic script, so that any number of processes agree without
 * locks (docs/design/queues.md §3.4). The script, with what its KEYS, ARGV and replies are, is
 * `lua/rate-budget-1.lua`; scripts/build-app.mjs copies it next to each app's bundle. The limiter
 * sends it by SHA itself rather than through the config package's registry: the Mist client
 * depends on no other mistflow package.
 */
export const RATE_LIMIT_LUA = readFileSync(new URL("./lua/rate-budget-1.lua", import.meta.url), "utf8");

/** SHA1 of the script, for EVALSHA (Redis caches scripts by this digest). */
export const RATE_LIMIT_LUA_SHA = createHash("sha1").update(RATE_LIMIT_LUA).digest("hex");
