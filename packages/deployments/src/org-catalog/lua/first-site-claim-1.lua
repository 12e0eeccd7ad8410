-- KEYS: the claim. ARGV: holder, ttl ms. Taken when free; true again for its holder's retries.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
return 0
