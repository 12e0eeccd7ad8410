-- KEYS: record, active lock, org index. ARGV: id, record JSON, created ms, history cap.
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists', redis.call('GET', KEYS[1])} end
local active = redis.call('GET', KEYS[2])
if active then return {'busy', active} end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[4]) - 1)
return {'created', ARGV[2]}
