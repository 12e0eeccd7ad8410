local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return {'absent'} end
local zone, index = string.match(held, '^(.*)|(%d+)$')
for j = 1, #ARGV - 1 do
  if ARGV[1 + j] == zone then
    local used, owners = KEYS[1 + 2 * j], KEYS[2 + 2 * j]
    redis.call('SETBIT', used, tonumber(index), 0)
    redis.call('HDEL', owners, index)
    redis.call('HDEL', KEYS[1], ARGV[1])
    if redis.call('BITCOUNT', used) == 0 then redis.call('HDEL', KEYS[2], zone) end
    return {'released', zone, index}
  end
end
return {'unknown', zone, index}
