-- KEYS: the deployment hash. ARGV: stepField, expectedJson, nextJson, now. Compare-and-set of one
-- step, the only way a step is written after create: Node computes the next state from the step
-- as it last saw it, and the script writes it only if the step is still exactly that; otherwise
-- it returns the current value and Node recomputes from it. One round trip per transition
-- instead of a read before each, and no lost update when two processes touch one step. Returns
-- 1 when written, -1 without a record, else the current step ('' when the record has no such
-- step). A step update moves a queued deployment to running.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current ~= ARGV[2] then return current or '' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], 'updated_at', ARGV[4])
if redis.call('HGET', KEYS[1], 'status') == 'queued' then redis.call('HSET', KEYS[1], 'status', 'running') end
return 1
