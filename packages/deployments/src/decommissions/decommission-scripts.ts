/**
 * Every write to a decommission record is one Lua script: the teardown's jobs, a resume from the
 * API and a re-delivered job after kill -9 may touch one record at once. KEYS[1] is the record.
 */

/**
 * KEYS: record, active marker of the site, index, teardown marker of the site's org and name.
 * ARGV: id, created ms, then field pairs. One decommission per site at a time: answers
 * {'busy', id} while another holds the marker. The teardown marker keeps new deployments of the
 * site's name out until the site is deleted or emptied (the deployment store's CREATE reads it).
 */
export const CREATE = `
local active = redis.call('GET', KEYS[2])
if active then return {'busy', active} end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return {'created', ARGV[1]}
`;

/**
 * ARGV: generation, comma list of statuses the record may be in, then field pairs. Writes only
 * for the current generation (a job of a superseded chain changes nothing) and a status listed.
 * Returns 1 when written, 0 when refused, -1 without a record.
 */
export const WRITE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return 0 end
local status = redis.call('HGET', KEYS[1], 'status')
if not string.find(',' .. ARGV[2] .. ',', ',' .. status .. ',', 1, true) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
return 1
`;

/**
 * KEYS: record, teardown marker. ARGV: now. A failed decommission starts again as the next
 * generation; steps that succeeded stay done, so the new chain skips them. The teardown marker
 * comes back unless the site was already deleted or emptied. Returns the new generation, or -1
 * without a record, or 0 when it is not failed.
 */
export const RESUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'status') ~= 'failed' then return 0 end
local deleted = cjson.decode(redis.call('HGET', KEYS[1], 'step:delete_site') or '{}')
if deleted.state ~= 'succeeded' then redis.call('SET', KEYS[2], redis.call('HGET', KEYS[1], 'id')) end
local gen = tonumber(redis.call('HGET', KEYS[1], 'generation')) + 1
redis.call('HSET', KEYS[1], 'generation', tostring(gen), 'status', 'queued', 'updated_at', ARGV[1])
redis.call('HDEL', KEYS[1], 'error', 'finished_at')
return gen
`;

/** KEYS: active marker. ARGV: id. Only the decommission holding the marker may drop it. */
export const RELEASE_MARKER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
