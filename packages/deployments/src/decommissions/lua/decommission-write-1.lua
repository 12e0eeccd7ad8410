-- KEYS: record. ARGV: generation, comma list of statuses the record may be in, then field pairs.
-- Writes only for the current generation (a job of a superseded chain changes nothing) and a
-- status listed. Returns 1 when written, 0 when refused, -1 without a record.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return 0 end
local status = redis.call('HGET', KEYS[1], 'status')
if not string.find(',' .. ARGV[2] .. ',', ',' .. status .. ',', 1, true) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
return 1
