-- Lua keeps every status transition of a deployment atomic: several worker processes write to
-- one deployment at once, and a read-modify-write from Node would lose updates.
-- KEYS: record, index, the site's decommission marker. ARGV: json fields as alternating
-- name/value pairs. Returns 1 when created, 0 when it existed, -2 (nothing written) while a
-- decommission is tearing down a site of this org and name: the check costs no extra round trip.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[3]) == 1 then return -2 end
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('ZADD', KEYS[2], tonumber(redis.call('HGET', KEYS[1], 'created_ms')), redis.call('HGET', KEYS[1], 'id'))
return 1
