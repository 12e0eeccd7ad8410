local held = redis.call('HGET', KEYS[1], ARGV[1])
local zone, index
if held then
  zone, index = string.match(held, '^(.*)|(%d+)$')
  if zone ~= ARGV[2] then return {'mismatch', zone, index} end
end
local bad = check_layout(KEYS[2], 5)
if bad then return bad end
if held then return {'held', index} end
local free = redis.call('BITPOS', KEYS[3], 0)
if free >= tonumber(ARGV[3]) then return {'exhausted'} end
redis.call('SETBIT', KEYS[3], free, 1)
redis.call('HSET', KEYS[4], free, ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. free)
redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[4])
return {'created', tostring(free)}
