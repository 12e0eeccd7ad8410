/**
 * Lua scripts keep every status transition atomic: several worker processes write to one
 * deployment at once, and a read-modify-write from Node would lose updates.
 * KEYS[1] is always the deployment hash.
 */

/**
 * KEYS: record, index, the site's decommission marker. ARGV: json fields as alternating
 * name/value pairs. Returns 1 when created, 0 when it existed, -2 (nothing written) while a
 * decommission is tearing down a site of this org and name: the check costs no extra round trip.
 */
export const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[3]) == 1 then return -2 end
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('ZADD', KEYS[2], tonumber(redis.call('HGET', KEYS[1], 'created_ms')), redis.call('HGET', KEYS[1], 'id'))
return 1`;

/** ARGV: stepField, stepJson, now. A step that starts moves a queued deployment to running. */
export const STEP_UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], 'updated_at', ARGV[3])
if redis.call('HGET', KEYS[1], 'status') == 'queued' then redis.call('HSET', KEYS[1], 'status', 'running') end
return 1`;

/**
 * ARGV: stepField, stepJson, now, errorJson, cancelledNote[, status]. Records the failed step,
 * fails the deployment (`failed`, or the status given, e.g. `failed_assurance`) unless it already
 * ended, and cancels every step still pending: they will never run (or will skip when their job
 * arrives), so nothing is left looking "in progress".
 */
export const FAIL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], 'updated_at', ARGV[3])
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'failed' or status == 'succeeded' or status == 'failed_assurance' or status == 'cancelled' or status == 'decommissioned' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[6] or 'failed', 'error', ARGV[4], 'finished_at', ARGV[3])
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local name = fields[i]
  if string.sub(name, 1, 5) == 'step:' then
    local step = cjson.decode(fields[i + 1])
    if step.state == 'pending' then
      step.state = 'cancelled'
      step.note = ARGV[5]
      step.finished_at = ARGV[3]
      redis.call('HSET', KEYS[1], name, cjson.encode(step))
    end
  end
end
return 1`;

/** ARGV: now. Only a deployment that has not failed can succeed. */
export const SUCCEED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'failed' or status == 'succeeded' or status == 'failed_assurance' or status == 'cancelled' or status == 'decommissioned' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'succeeded', 'finished_at', ARGV[1], 'updated_at', ARGV[1])
return 1`;

/**
 * ARGV: stepField, expectedJson, nextJson, now. Compare-and-set of one step: Node computes the
 * next state from the step as it last saw it, and the script writes it only if the step is still
 * exactly that; otherwise it returns the current value and Node recomputes from it. One round
 * trip per transition instead of a read before each, and no lost update when two processes
 * touch one step. Returns 1 when written, -1 without a record, else the current step ('' when
 * the record has no such step). Like STEP_UPDATE, a step update moves a queued deployment to running.
 */
export const STEP_CAS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current ~= ARGV[2] then return current or '' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], 'updated_at', ARGV[4])
if redis.call('HGET', KEYS[1], 'status') == 'queued' then redis.call('HSET', KEYS[1], 'status', 'running') end
return 1`;

/**
 * ARGV: now. The site of an ended deployment was torn down. A queued or running deployment is
 * never marked: the decommission refuses to start while one runs, and this keeps a race honest.
 */
export const DECOMMISSIONED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'queued' or status == 'running' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'decommissioned', 'updated_at', ARGV[1])
return 1`;
