-- KEYS[1] the lock; ARGV[1] the holder's token, ARGV[2] the new lease in ms.
-- Renews the lease only for the one holding it: a holder whose lease ran out and was taken over
-- must not extend the new holder's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
