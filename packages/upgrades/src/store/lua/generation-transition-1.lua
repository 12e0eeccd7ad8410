-- The status transitions several processes race on, of an upgrade or a rollout record: the API
-- (start, abort, resume, rollback) and the jobs (halt, finish). `generation` guards against a job
-- of an older chain acting after a resume.
-- KEYS: record. ARGV: fromCsv, to, now, expectedGeneration ('' = any), bumpGeneration ('1'|'0'),
-- then field/value pairs to set. Returns {1, status, generation} on success, {0, status,
-- generation} when the record is not in an allowed state or generation, {-1} when missing.
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, '', ''} end
local status = redis.call('HGET', KEYS[1], 'status')
local gen = redis.call('HGET', KEYS[1], 'generation')
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == status then allowed = true end end
if not allowed or (ARGV[4] ~= '' and ARGV[4] ~= gen) then return {0, status, gen} end
if ARGV[5] == '1' then gen = tostring(redis.call('HINCRBY', KEYS[1], 'generation', 1)) end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updated_at', ARGV[3])
if #ARGV > 5 then redis.call('HSET', KEYS[1], unpack(ARGV, 6)) end
return {1, ARGV[2], gen}
