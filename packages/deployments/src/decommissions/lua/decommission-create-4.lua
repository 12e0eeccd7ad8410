-- Every write to a decommission record is one Lua script: the teardown's jobs, a resume from the
-- API and a re-delivered job after kill -9 may touch one record at once.
-- KEYS: record, active marker of the site, index, teardown marker of the site's org and name.
-- ARGV: id, created ms, then field pairs. One decommission per site at a time: answers
-- {'busy', id} while another holds the marker. The teardown marker keeps new deployments of the
-- site's name out until the site is deleted or emptied (deployment-create-3.lua reads it).
local active = redis.call('GET', KEYS[2])
if active then return {'busy', active} end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return {'created', ARGV[1]}
