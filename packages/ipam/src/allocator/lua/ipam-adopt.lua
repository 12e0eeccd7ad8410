local site, reserved, n = ARGV[1], ARGV[2], tonumber(ARGV[3])
local zfirst = 4 + 3 * n
local zones = {}
for j = zfirst, #ARGV, 2 do zones[ARGV[j]] = { k = (j - zfirst) / 2 + 1, fp = ARGV[j + 1] } end
local conflicts = {}
for i = 0, n - 1 do
  local zone, index = ARGV[4 + 3 * i], ARGV[5 + 3 * i]
  local z = zones[zone]
  if not z then return {'unknown', zone, index} end
  local stored = redis.call('HGET', KEYS[2], zone)
  if stored and stored ~= z.fp then return {'layout', zone, stored, z.fp} end
  if redis.call('GETBIT', KEYS[1 + 2 * z.k], tonumber(index)) == 1 then
    local owner = redis.call('HGET', KEYS[2 + 2 * z.k], index)
    if owner ~= site and owner ~= reserved then
      table.insert(conflicts, zone) table.insert(conflicts, index) table.insert(conflicts, owner or '')
    end
  end
end
if #conflicts > 0 then return {'conflict', conflicts} end
local held = redis.call('HGET', KEYS[1], site)
local reservedCount = 0
for i = 0, n - 1 do
  local zone, index, exact = ARGV[4 + 3 * i], ARGV[5 + 3 * i], ARGV[6 + 3 * i]
  local z = zones[zone]
  local used, owners = KEYS[1 + 2 * z.k], KEYS[2 + 2 * z.k]
  if redis.call('GETBIT', used, tonumber(index)) == 0 then
    redis.call('SETBIT', used, tonumber(index), 1)
    if exact == '1' and not held then
      redis.call('HSET', owners, index, site)
      held = zone .. '|' .. index
      redis.call('HSET', KEYS[1], site, held)
    else
      redis.call('HSET', owners, index, reserved)
      reservedCount = reservedCount + 1
    end
    redis.call('HSETNX', KEYS[2], zone, z.fp)
  end
end
return {'adopted', held or '', tostring(reservedCount)}
