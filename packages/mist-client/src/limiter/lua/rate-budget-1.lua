-- The shared Mist call budget as ONE atomic script (docs/design/queues.md §3.4), so that any number of
-- processes agree without locks. It reads the clock from Redis `TIME`, never from the callers,
-- so clock skew between worker hosts cannot stretch the budget.
--
-- KEYS[1]  the token's hash: win (window start ms), used (calls in win), tat (GCRA theoretical
--          arrival time, ms), cool (no calls before this ms; set after a 429), nwin / nused (the
--          next window and the calls already counted in it from this window's guard band)
-- ARGV     op ("acquire" | "cooldown" | "usage"), budget, windowMs, intervalMs, toleranceMs,
--          cooldownMs, guardMs
--
-- Guard band: Mist counts a call when it arrives, a moment after it was granted here, so a call
-- granted at the very end of a window may land in the next one. A call granted in the last
-- guardMs of a window therefore needs room in both windows and counts in both: no window, as
-- Mist sees it, can go over budget while the grant-to-arrival time stays under guardMs.
-- Once the call's response is back, and the window it was granted in has not turned yet, it
-- certainly reached Mist in that window: `release` takes back its count in the next one, so a
-- wide guard band costs budget only for the calls still in flight when the window turns.
--
-- acquire → {waitMs, reason, nowMs, guarded}: reason 0 = granted (and counted), 1 = cooldown,
--           2 = hourly budget spent, 3 = GCRA smoothing. Checked in that order; nothing is written
--           unless granted. guarded = the window start of the grant when it also counts in the
--           next window, else 0.
-- release → {released, 0, nowMs}: ARGV[8] = the guarded grant's window start; takes back its
--           count in the next window if that window has not started (released = 1).
-- cooldown → {coolingForMs, 0, nowMs}: cool = max(cool, now + cooldownMs).
-- usage   → {used, windowResetsInMs, coolingForMs, nowMs}; read-only.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local op = ARGV[1]
local budget = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local interval = tonumber(ARGV[4])
local tolerance = tonumber(ARGV[5])
local guard = tonumber(ARGV[7]) or 0
local h = redis.call('HMGET', KEYS[1], 'win', 'used', 'tat', 'cool', 'nwin', 'nused')
local winStart = now - (now % window)
local nextStart = winStart + window
local used = 0
if tonumber(h[1]) == winStart then used = tonumber(h[2]) or 0
elseif tonumber(h[5]) == winStart then used = tonumber(h[6]) or 0 end
local inGuard = guard > 0 and now >= nextStart - guard
local nextUsed = 0
if inGuard and tonumber(h[5]) == nextStart then nextUsed = tonumber(h[6]) or 0 end
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

if op == 'release' then
  local grantWin = tonumber(ARGV[8])
  -- Still inside the grant's window, so the call's answer proves it arrived there too.
  if grantWin ~= winStart or tonumber(h[5]) ~= nextStart then return {0, 0, now} end
  local n = tonumber(h[6]) or 0
  if n <= 0 then return {0, 0, now} end
  redis.call('HSET', KEYS[1], 'nused', n - 1)
  return {1, 0, now}
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
if used >= budget then return {nextStart - now, 2, now} end
if inGuard and nextUsed >= budget then return {nextStart + window - now, 2, now} end
if tat < now then tat = now end
if tat - now > tolerance then return {math.ceil(tat - now - tolerance), 3, now} end
redis.call('HSET', KEYS[1], 'win', winStart, 'used', used + 1, 'tat', tat + interval)
local guarded = 0
if inGuard then
  redis.call('HSET', KEYS[1], 'nwin', nextStart, 'nused', nextUsed + 1)
  guarded = winStart
end
keepAlive()
return {0, 0, now, guarded}
