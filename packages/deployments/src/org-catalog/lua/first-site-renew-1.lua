-- KEYS: the claim. ARGV: holder, ttl ms. Only the holder extends it, and only while it lasts.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
