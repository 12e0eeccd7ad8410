-- KEYS: record, teardown marker. ARGV: now. A failed decommission starts again as the next
-- generation; steps that succeeded stay done, so the new chain skips them. The teardown marker
-- comes back unless the site was already deleted or emptied. Returns the new generation, or -1
-- without a record, or 0 when it is not failed.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'status') ~= 'failed' then return 0 end
local deleted = cjson.decode(redis.call('HGET', KEYS[1], 'step:delete_site') or '{}')
if deleted.state ~= 'succeeded' then redis.call('SET', KEYS[2], redis.call('HGET', KEYS[1], 'id')) end
local gen = tonumber(redis.call('HGET', KEYS[1], 'generation')) + 1
redis.call('HSET', KEYS[1], 'generation', tostring(gen), 'status', 'queued', 'updated_at', ARGV[1])
redis.call('HDEL', KEYS[1], 'error', 'finished_at')
return gen
