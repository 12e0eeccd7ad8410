import { isDefaultLike } from "./default-like";
import { childPath } from "./field-path";

/** One field whose value in Mist is not the desired one. `current` is absent when Mist has no such field. */
export interface FieldChange {
  path: string;
  current?: unknown;
  desired: unknown;
}

export interface DesiredDiff {
  changes: FieldChange[];
  /**
   * Fields whose value Mist does not reveal: masked secrets, and defaults it leaves out of its
   * answer. Neither a change nor a match.
   */
  unknown: string[];
}

/** Fields Mist owns on every object; a desired body never decides them. */
export const SERVER_FIELDS: ReadonlySet<string> = new Set(["id", "org_id", "created_time", "modified_time"]);

/** Mist answers secrets (passphrases, RADIUS and API secrets) as a row of asterisks. */
export const isMasked = (value: unknown): boolean => typeof value === "string" && /^\*{3,}$/.test(value);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * What an update would change: every field the desired body sets whose value in Mist differs,
 * compared the way the workers compare ({@link matchesDesired}). Fields only Mist sets (defaults it
 * fills in, ids, timestamps) are not looked at; a masked secret is reported as unknown. Arrays are
 * ordered: a different length is one change of the whole array, otherwise element by element.
 * @example diffDesired({ vlan_id: "10" }, { id: "x", vlan_id: "20" }) // changes: [{ path: "vlan_id", current: "20", desired: "10" }]
 */
export function diffDesired(desired: unknown, current: unknown): DesiredDiff {
  const out: DesiredDiff = { changes: [], unknown: [] };
  if (isRecord(desired) && isRecord(current)) {
    for (const [key, value] of Object.entries(desired)) {
      if (!SERVER_FIELDS.has(key)) walk(value, current[key], Object.hasOwn(current, key), key, out);
    }
  } else {
    walk(desired, current, current !== undefined, "", out);
  }
  return out;
}

function walk(desired: unknown, current: unknown, present: boolean, path: string, out: DesiredDiff): void {
  if (desired === undefined) return;
  if (isMasked(current) || (!present && isDefaultLike(desired))) {
    out.unknown.push(path);
    return;
  }
  const change = () => out.changes.push(present ? { path, current, desired } : { path, desired });
  if (Array.isArray(desired)) {
    if (!Array.isArray(current) || current.length !== desired.length) return void change();
    desired.forEach((d, i) => {
      walk(d, current[i], i in current, childPath(path, i), out);
    });
    return;
  }
  if (isRecord(desired)) {
    if (!isRecord(current)) return void change();
    for (const [key, value] of Object.entries(desired))
      walk(value, current[key], Object.hasOwn(current, key), childPath(path, key), out);
    return;
  }
  if (desired !== current) change();
}
