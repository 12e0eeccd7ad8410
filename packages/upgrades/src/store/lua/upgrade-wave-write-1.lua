-- Field writes of a running wave. KEYS: record. ARGV: generation, now, guardField ('' = none),
-- then field/value pairs. Applied only while the rollout runs in this generation and, with a
-- guard field, only if that field does not exist yet (the intent of a Mist upgrade is written
-- once). Returns 1, 0 when the rollout moved on, -2 when the guard field exists.
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then return -2 end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[2], unpack(ARGV, 4))
return 1
