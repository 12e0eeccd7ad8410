-- KEYS: the deployment hash. ARGV: now, note. A queued or running deployment ends cancelled;
-- steps not started are cancelled with the note, a running step keeps running and records its
-- own end. Returns 1, 0 when it had already ended, -3 when late binding already succeeded (it is
-- finishing), -1 when there is no record.
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
return 1
