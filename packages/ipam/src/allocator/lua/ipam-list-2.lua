local stored = redis.call('HGET', KEYS[2], ARGV[1])
if stored and stored ~= ARGV[2] then return {'layout', ARGV[1], stored, ARGV[2]} end
return {'ok', redis.call('HGETALL', KEYS[1])}
