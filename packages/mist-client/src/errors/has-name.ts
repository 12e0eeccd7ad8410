/**
 * Name-based checks survive duplicate module copies and errors that crossed a process boundary
 * (BullMQ stores only `name`/`message`), where `instanceof` would silently answer false.
 */
export function hasErrorName(e: unknown, name: string): boolean {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === name;
}
