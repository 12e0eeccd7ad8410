-- KEYS: the deployment hash. ARGV: stepField, expectedJson, stepJson, now, errorJson,
-- cancelledNote[, status]. The compare-and-set of step-cas-1.lua (returns -1 without a record,
-- the current step when it is not `expectedJson`), for the step's failure: it records the failed
-- step and fails the deployment (`failed`, or the status given, e.g. `failed_assurance`) unless
-- it already ended (then 0, else 1), and cancels every step still pending: they will never run
-- (or will skip when their job arrives), so nothing is left looking "in progress".
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current ~= ARGV[2] then return current or '' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], 'updated_at', ARGV[4])
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'failed' or status == 'succeeded' or status == 'failed_assurance' or status == 'cancelled' or status == 'decommissioned' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[7] or 'failed', 'error', ARGV[5], 'finished_at', ARGV[4])
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local name = fields[i]
  if string.sub(name, 1, 5) == 'step:' then
    local step = cjson.decode(fields[i + 1])
    if step.state == 'pending' then
      step.state = 'cancelled'
      step.note = ARGV[6]
      step.finished_at = ARGV[4]
      redis.call('HSET', KEYS[1], name, cjson.encode(step))
    end
  end
end
return 1
