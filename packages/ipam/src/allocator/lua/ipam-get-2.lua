local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return {'absent'} end
local zone, index = string.match(held, '^(.*)|(%d+)$')
return {'held', zone, index, redis.call('HGET', KEYS[2], zone) or ''}
