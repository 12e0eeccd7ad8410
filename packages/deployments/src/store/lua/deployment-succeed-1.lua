-- KEYS: the deployment hash. ARGV: now. Only a deployment that has not failed can succeed.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'failed' or status == 'succeeded' or status == 'failed_assurance' or status == 'cancelled' or status == 'decommissioned' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'succeeded', 'finished_at', ARGV[1], 'updated_at', ARGV[1])
return 1
