/**
 * Retry and cancel transitions of a deployment record, atomic for the same reason as the store's
 * own scripts (several processes write one record). KEYS[1] is the deployment hash.
 */

/**
 * ARGV: now, pendingStepJson. A failed deployment (or one whose retry was reset but never
 * enqueued) goes back to queued: every step that did not succeed is pending again, succeeded
 * steps (and steps skipped by design) keep their record. Returns 1, 0 when the status does not allow a retry, -2 while a step
 * is still running, -1 when there is no record.
 */
export const RETRY_RESET = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local h = redis.call('HMGET', KEYS[1], 'status', 'enqueued', 'retrying')
local resumable = h[1] == 'queued' and h[2] == '0' and h[3] == '1'
if h[1] ~= 'failed' and not resumable then return 0 end
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 5) == 'step:' and cjson.decode(fields[i + 1]).state == 'running' then return -2 end
end
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 5) == 'step:' then
    local state = cjson.decode(fields[i + 1]).state
    if state ~= 'succeeded' and state ~= 'skipped' then redis.call('HSET', KEYS[1], fields[i], ARGV[2]) end
  end
end
redis.call('HDEL', KEYS[1], 'error', 'finished_at')
redis.call('HSET', KEYS[1], 'status', 'queued', 'enqueued', '0', 'retrying', '1', 'updated_at', ARGV[1])
if not resumable then redis.call('HINCRBY', KEYS[1], 'retries', 1) end
return 1`;

/**
 * ARGV: now, note. A queued or running deployment ends cancelled; steps not started are
 * cancelled with the note, a running step keeps running and records its own end. Returns 1,
 * 0 when it had already ended, -3 when late binding already succeeded (it is finishing), -1
 * when there is no record.
 */
export const CANCEL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'queued' and status ~= 'running' then return 0 end
local final = redis.call('HGET', KEYS[1], 'step:final')
if final and cjson.decode(final).state == 'succeeded' then return -3 end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'finished_at', ARGV[1], 'updated_at', ARGV[1])
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 5) == 'step:' then
    local step = cjson.decode(fields[i + 1])
    if step.state == 'pending' then
      step.state = 'cancelled'
      step.note = ARGV[2]
      step.finished_at = ARGV[1]
      redis.call('HSET', KEYS[1], fields[i], cjson.encode(step))
    end
  end
end
return 1`;
