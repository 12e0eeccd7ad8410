-- KEYS: the deployment hash. ARGV: now. The site of an ended deployment was torn down. A queued
-- or running deployment is never marked: the decommission refuses to start while one runs, and
-- this keeps a race honest.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'queued' or status == 'running' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'decommissioned', 'updated_at', ARGV[1])
return 1
