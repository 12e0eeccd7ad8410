import { isDefaultLike } from "./default-like";

/**
 * Does Mist's copy already say what we want? Only the fields we send are compared: Mist adds
 * ids, timestamps and defaults of its own, and those are not drift; a field Mist leaves out
 * matches a default we send. The workers update an object exactly when this is false.
 */
export function matchesDesired(desired: unknown, actual: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((d, i) => matchesDesired(d, actual[i]))
    );
  }
  if (desired !== null && typeof desired === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(
      ([k, v]) => (!Object.hasOwn(a, k) && isDefaultLike(v)) || matchesDesired(v, a[k]),
    );
  }
  return desired === actual;
}
