/**
 * Lua for the transitions several processes race on: the API (abort, resume) and the wave job
 * (halt, finish, intent). KEYS[1] is the upgrade hash; `generation` guards against a job of an
 * older chain acting after a resume.
 */

/** ARGV: field/value pairs. KEYS[2] = index. Returns 1 when created, 0 when it existed. */
export const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('ZADD', KEYS[2], tonumber(redis.call('HGET', KEYS[1], 'created_ms')), redis.call('HGET', KEYS[1], 'id'))
return 1`;

/**
 * ARGV: fromCsv, to, now, expectedGeneration ('' = any), bumpGeneration ('1'|'0'), then field/value
 * pairs to set. Returns {1, status, generation} on success, {0, status, generation} when the record
 * is not in an allowed state or generation, {-1} when missing.
 */
export const TRANSITION = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, '', ''} end
local status = redis.call('HGET', KEYS[1], 'status')
local gen = redis.call('HGET', KEYS[1], 'generation')
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == status then allowed = true end end
if not allowed or (ARGV[4] ~= '' and ARGV[4] ~= gen) then return {0, status, gen} end
if ARGV[5] == '1' then gen = tostring(redis.call('HINCRBY', KEYS[1], 'generation', 1)) end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updated_at', ARGV[3])
if #ARGV > 5 then redis.call('HSET', KEYS[1], unpack(ARGV, 6)) end
return {1, ARGV[2], gen}`;

/**
 * Field writes of a running wave: ARGV: generation, now, guardField ('' = none), then field/value
 * pairs. Applied only while the rollout runs in this generation and, with a guard field, only if
 * that field does not exist yet (the intent of a Mist upgrade is written once). Returns 1, 0 when
 * the rollout moved on, -2 when the guard field exists.
 */
export const WAVE_WRITE = `
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then return -2 end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[2], unpack(ARGV, 4))
return 1`;
