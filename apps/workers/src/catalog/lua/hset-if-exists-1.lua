-- KEYS[1] a site snapshot hash; ARGV[1] the field, ARGV[2] the value.
-- Writes only into a live snapshot: an expired one must be listed again, not half-rebuilt.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return 1
