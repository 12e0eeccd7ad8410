-- Retry and cancel are atomic for the same reason as the store's own scripts (several processes
-- write one record). KEYS: the deployment hash. ARGV: now, pendingStepJson. A failed deployment
-- (or one whose retry was reset but never enqueued) goes back to queued: every step that did not
-- succeed is pending again, succeeded steps (and steps skipped by design) keep their record.
-- Returns 1, 0 when the status does not allow a retry, -2 while a step is still running, -1 when
-- there is no record.
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
return 1
