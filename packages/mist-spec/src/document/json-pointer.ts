function decode(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Set (or, with `undefined`, delete) the value at a JSON pointer inside `root`, in place.
 * Throws when a parent on the way does not exist: the spec moved, and the caller must know.
 */
export function setAtPointer(root: unknown, pointer: string, value: unknown, what: string): void {
  const segments = pointer.slice(1).split("/").map(decode);
  const last = segments.pop() as string;
  let node: unknown = root;
  for (const s of segments) {
    node = (node as Record<string, unknown> | undefined)?.[s];
    if (typeof node !== "object" || node === null) throw new Error(`${what} ${pointer} does not resolve`);
  }
  const parent = node as Record<string, unknown>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}
