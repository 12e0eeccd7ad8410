import { LuaScript } from "./lua-script";

/**
 * One script per operation so every read-check-write is atomic. Layout fingerprints come in as
 * ARGV pairs (zone, fingerprint) and are compared with what the zones holding sites were allocated
 * under; any difference, including a zone dropped from the config, stops the operation.
 * Replies are tagged arrays: { status, ... }.
 */
const CHECK_LAYOUT = `
local function check_layout(layout_key, first)
  local expected = {}
  for i = first, #ARGV, 2 do expected[ARGV[i]] = ARGV[i + 1] end
  local stored = redis.call('HGETALL', layout_key)
  for i = 1, #stored, 2 do
    if expected[stored[i]] ~= stored[i + 1] then
      return {'layout', stored[i], stored[i + 1], expected[stored[i]] or ''}
    end
  end
  return nil
end
`;

/**
 * KEYS: sites, layout, zone used-bitmap, zone owners.
 * ARGV: site, zone, capacity, the zone's fingerprint, then (zone, fingerprint) for every configured zone.
 */
export const ALLOCATE = new LuaScript(`${CHECK_LAYOUT}
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
`);

/** KEYS: sites, layout. ARGV: site. */
export const GET = new LuaScript(`
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return {'absent'} end
local zone, index = string.match(held, '^(.*)|(%d+)$')
return {'held', zone, index, redis.call('HGET', KEYS[2], zone) or ''}
`);

/**
 * KEYS: sites, layout, then used-bitmap and owners of every configured zone. ARGV: site, zone codes
 * in the same order. No layout check: freeing an index can never create an overlap. The zone's
 * layout entry goes with its last site, so an emptied zone may be re-planned.
 */
export const RELEASE = new LuaScript(`
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
`);

/**
 * KEYS: sites, then the owners hash of every configured zone. ARGV: from, to, zone codes in the
 * same order. The block held by `from` passes to `to` with its index unchanged; a repeat after
 * it passed answers 'moved' again, so the caller can resend it after a lost reply.
 */
export const TRANSFER = new LuaScript(`
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
`);

/**
 * KEYS: sites, layout, then used-bitmap and owners of every configured zone.
 * ARGV: site, reserved holder, n, then n triples (zone, index, exact), then (zone, fingerprint)
 * for every configured zone, in the KEYS order. Adopts a site built outside mistflow: the first
 * exact slot becomes the site's own allocation (so the site plans as "allocated"), every other
 * slot its prefixes overlap is held by the reserved holder, so no new site is ever given an
 * overlapping block. All or nothing: a slot another site holds is reported and nothing written.
 */
export const ADOPT = new LuaScript(`
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
`);

/** KEYS: zone owners, layout. ARGV: zone, fingerprint. */
export const LIST = new LuaScript(`
local stored = redis.call('HGET', KEYS[2], ARGV[1])
if stored and stored ~= ARGV[2] then return {'layout', ARGV[1], stored, ARGV[2]} end
return {'ok', redis.call('HGETALL', KEYS[1])}
`);

/** KEYS: layout, then the used-bitmap of every configured zone. ARGV: (zone, fingerprint)... */
export const ZONES = new LuaScript(`${CHECK_LAYOUT}
local bad = check_layout(KEYS[1], 1)
if bad then return bad end
local counts = {}
for j = 2, #KEYS do counts[j - 1] = redis.call('BITCOUNT', KEYS[j]) end
return {'ok', counts}
`);
