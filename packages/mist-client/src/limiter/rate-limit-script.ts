import { createHash } from "node:crypto";

/**
 * The shared Mist call budget as ONE atomic script (notes/bullmq.md §3.4), so that any number of
 * processes agree without locks. It reads the clock from Redis `TIME`, never from the callers,
 * so clock skew between worker hosts cannot stretch the budget.
 *
 * KEYS[1]  the token's hash: win (window start ms), used (calls in win), tat (GCRA theoretical
 *          arrival time, ms), cool (no calls before this ms; set after a 429)
 * ARGV     op ("acquire" | "cooldown" | "usage"), budget, windowMs, intervalMs, toleranceMs, cooldownMs
 *
 * acquire → {waitMs, reason, nowMs}: reason 0 = granted (and counted), 1 = cooldown, 2 = hourly
 *           budget spent, 3 = GCRA smoothing. Checked in that order; nothing is written unless granted.
 * cooldown → {coolingForMs, 0, nowMs}: cool = max(cool, now + cooldownMs).
 * usage   → {used, windowResetsInMs, coolingForMs, nowMs}; read-only.
 */
export const RATE_LIMIT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local op = ARGV[1]
local budget = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local interval = tonumber(ARGV[4])
local tolerance = tonumber(ARGV[5])
local h = redis.call('HMGET', KEYS[1], 'win', 'used', 'tat', 'cool')
local winStart = now - (now % window)
local used = 0
if tonumber(h[1]) == winStart then used = tonumber(h[2]) or 0 end
local tat = tonumber(h[3]) or 0
local cool = tonumber(h[4]) or 0

local function keepAlive()
  local ttl = window * 2
  if cool - now + window > ttl then ttl = cool - now + window end
  redis.call('PEXPIRE', KEYS[1], math.ceil(ttl))
end

if op == 'usage' then
  local cooling = 0
  if cool > now then cooling = cool - now end
  return {used, winStart + window - now, cooling, now}
end

if op == 'cooldown' then
  local untilMs = now + tonumber(ARGV[6])
  if untilMs > cool then
    cool = untilMs
    redis.call('HSET', KEYS[1], 'cool', cool)
  end
  keepAlive()
  return {cool - now, 0, now}
end

if cool > now then return {cool - now, 1, now} end
if used >= budget then return {winStart + window - now, 2, now} end
if tat < now then tat = now end
if tat - now > tolerance then return {math.ceil(tat - now - tolerance), 3, now} end
redis.call('HSET', KEYS[1], 'win', winStart, 'used', used + 1, 'tat', tat + interval)
keepAlive()
return {0, 0, now}
`;

/** SHA1 of the script, for EVALSHA (Redis caches scripts by this digest). */
export const RATE_LIMIT_LUA_SHA = createHash("sha1").update(RATE_LIMIT_LUA).digest("hex");
