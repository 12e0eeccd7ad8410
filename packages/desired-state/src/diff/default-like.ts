/**
 * Mist leaves a field out of its answer when it holds the default, so "absent" and "false" (or
 * an empty string, list or object, or null) say the same thing: such a field is not drift.
 */
export const isDefaultLike = (value: unknown): boolean => {
  if (value === false || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
};
