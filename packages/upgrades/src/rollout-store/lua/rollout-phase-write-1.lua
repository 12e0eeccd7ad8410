-- Field writes of a phase job. KEYS: record. ARGV: allowed statuses csv, generation, now, then
-- field/value pairs. Applied only while the rollout is in one of the statuses and this
-- generation. Returns 1, or 0 when the rollout moved on.
local status = redis.call('HGET', KEYS[1], 'status')
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == status then allowed = true end end
if not allowed then return 0 end
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[3], unpack(ARGV, 4))
return 1
