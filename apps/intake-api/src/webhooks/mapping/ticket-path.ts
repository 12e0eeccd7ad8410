/**
 * Reads `fields.customfield_10050`, `data.site.name` or `fields.components[0].name` from a
 * parsed ticket. Own properties only: a path like `constructor.name` finds nothing.
 */
export function readPath(subject: unknown, path: string): unknown {
  let current: unknown = subject;
  for (const segment of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
      continue;
    }
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
