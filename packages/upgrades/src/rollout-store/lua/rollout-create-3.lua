-- KEYS: record, index, the blueprint+org's active-rollout key. ARGV: the active id the caller saw
-- ended ('' = none), then field/value pairs. Returns 1 when created, 0 when the id existed, -1
-- when the active key changed since the caller looked (another start won the race).
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local active = redis.call('GET', KEYS[3]) or ''
if active ~= ARGV[1] then return -1 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
local id = redis.call('HGET', KEYS[1], 'id')
redis.call('ZADD', KEYS[2], tonumber(redis.call('HGET', KEYS[1], 'created_ms')), id)
redis.call('SET', KEYS[3], id)
return 1
