local bad = check_layout(KEYS[1], 1)
if bad then return bad end
local counts = {}
for j = 2, #KEYS do counts[j - 1] = redis.call('BITCOUNT', KEYS[j]) end
return {'ok', counts}
