/**
 * Lua for what the API (start, abort, resume, rollback) and the rollout jobs race on. KEYS[1] is
 * the rollout hash; `generation` guards against a job of an older chain acting after a resume.
 */

/**
 * KEYS[2] = index, KEYS[3] = the blueprint+org's active-rollout key. ARGV: the active id the
 * caller saw ended ('' = none), then field/value pairs. Returns 1 when created, 0 when the id
 * existed, -1 when the active key changed since the caller looked (another start won the race).
 */
export const CREATE_ROLLOUT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local active = redis.call('GET', KEYS[3]) or ''
if active ~= ARGV[1] then return -1 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
local id = redis.call('HGET', KEYS[1], 'id')
redis.call('ZADD', KEYS[2], tonumber(redis.call('HGET', KEYS[1], 'created_ms')), id)
redis.call('SET', KEYS[3], id)
return 1`;

/**
 * Field writes of a phase job: ARGV: allowed statuses csv, generation, now, then field/value
 * pairs. Applied only while the rollout is in one of the statuses and this generation. Returns 1,
 * or 0 when the rollout moved on.
 */
export const PHASE_WRITE = `
local status = redis.call('HGET', KEYS[1], 'status')
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == status then allowed = true end end
if not allowed then return 0 end
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[3], unpack(ARGV, 4))
return 1`;
