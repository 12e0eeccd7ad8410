import { LayoutMismatchError } from "../errors";

/** Script replies are arrays of strings and integers; anything else means a script/client mismatch. */
export function tagged(reply: unknown): [string, ...unknown[]] {
  if (!Array.isArray(reply) || typeof reply[0] !== "string") {
    throw new TypeError(`unexpected IPAM script reply: ${JSON.stringify(reply)}`);
  }
  return reply as [string, ...unknown[]];
}

export function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw new TypeError(`unexpected IPAM script reply field: ${JSON.stringify(value)}`);
}

/** Integers travel as strings or numbers depending on the script; both must be exact. */
export function int(value: unknown): number {
  const n = Number(str(value));
  if (!Number.isSafeInteger(n))
    throw new TypeError(`unexpected IPAM script integer: ${JSON.stringify(value)}`);
  return n;
}

/** Turns the `{'layout', zone, stored, configured}` reply shared by several scripts into its error. */
export function layoutError(fields: unknown[]): LayoutMismatchError {
  const [zone, stored, configured] = fields.map(str);
  return new LayoutMismatchError({
    zone: zone ?? "?",
    stored: stored ?? "?",
    configured: configured || "(zone no longer in the config)",
  });
}
