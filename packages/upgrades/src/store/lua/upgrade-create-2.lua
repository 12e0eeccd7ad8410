-- KEYS: record, index. ARGV: field/value pairs. Returns 1 when created, 0 when it existed.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('ZADD', KEYS[2], tonumber(redis.call('HGET', KEYS[1], 'created_ms')), redis.call('HGET', KEYS[1], 'id'))
return 1
