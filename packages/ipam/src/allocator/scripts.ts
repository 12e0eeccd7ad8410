import { readFileSync } from "node:fs";
import { LuaScript } from "./lua-script";

/**
 * One script per operation so every read-check-write is atomic. Layout fingerprints come in as
 * ARGV pairs (zone, fingerprint) and are compared with what the zones holding sites were allocated
 * under; any difference, including a zone dropped from the config, stops the operation.
 * Replies are tagged arrays: { status, ... }.
 *
 * The scripts are files in `lua/` (scripts/build-app.mjs copies them next to each app's bundle).
 * Those whose key count is fixed carry it in their name, as the config package's registry wants;
 * the others take keys per configured zone, which is why they all run through `LuaScript` (EVALSHA
 * with the keys counted per call) rather than that registry.
 */
const script = (name: string) => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), "utf8");
const CHECK_LAYOUT = script("ipam-check-layout");
const withLayoutCheck = (body: string) => `${CHECK_LAYOUT}\n${body}`;

/**
 * KEYS: sites, layout, zone used-bitmap, zone owners.
 * ARGV: site, zone, capacity, the zone's fingerprint, then (zone, fingerprint) for every configured zone.
 */
export const ALLOCATE = new LuaScript(withLayoutCheck(script("ipam-allocate-4")));

/** KEYS: sites, layout. ARGV: site. */
export const GET = new LuaScript(script("ipam-get-2"));

/**
 * KEYS: sites, layout, then used-bitmap and owners of every configured zone. ARGV: site, zone codes
 * in the same order. No layout check: freeing an index can never create an overlap. The zone's
 * layout entry goes with its last site, so an emptied zone may be re-planned.
 */
export const RELEASE = new LuaScript(script("ipam-release"));

/**
 * KEYS: sites, then the owners hash of every configured zone. ARGV: from, to, zone codes in the
 * same order. The block held by `from` passes to `to` with its index unchanged; a repeat after
 * it passed answers 'moved' again, so the caller can resend it after a lost reply.
 */
export const TRANSFER = new LuaScript(script("ipam-transfer"));

/**
 * KEYS: sites, layout, then used-bitmap and owners of every configured zone.
 * ARGV: site, reserved holder, n, then n triples (zone, index, exact), then (zone, fingerprint)
 * for every configured zone, in the KEYS order. Adopts a site built outside mistflow: the first
 * exact slot becomes the site's own allocation (so the site plans as "allocated"), every other
 * slot its prefixes overlap is held by the reserved holder, so no new site is ever given an
 * overlapping block. All or nothing: a slot another site holds is reported and nothing written.
 */
export const ADOPT = new LuaScript(script("ipam-adopt"));

/** KEYS: zone owners, layout. ARGV: zone, fingerprint. */
export const LIST = new LuaScript(script("ipam-list-2"));

/** KEYS: layout, then the used-bitmap of every configured zone. ARGV: (zone, fingerprint)... */
export const ZONES = new LuaScript(withLayoutCheck(script("ipam-zones")));
