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
