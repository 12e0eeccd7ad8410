local held = redis.call('HGET', KEYS[1], ARGV[1])
local already = redis.call('HGET', KEYS[1], ARGV[2])
if not held then
  if already then
    local zone, index = string.match(already, '^(.*)|(%d+)$')
    return {'moved', zone, index}
  end
  return {'absent'}
end
if already then return {'taken'} end
local zone, index = string.match(held, '^(.*)|(%d+)$')
for j = 1, #ARGV - 2 do
  if ARGV[2 + j] == zone then
    redis.call('HSET', KEYS[1 + j], index, ARGV[2])
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('HSET', KEYS[1], ARGV[2], held)
    return {'moved', zone, index}
  end
end
return {'unknown', zone, index}
