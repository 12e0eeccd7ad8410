/**
 * Mist leaves a field out of its answer when it holds the default, so "absent" and "false" (or
 * an empty string, list or object, or null) say the same thing: such a field is not drift.
 */
export const isDefaultLike = (value: unknown): boolean =>
  value === false ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
