/** Mist resets budgets on the clock hour; 5 s of margin avoids hammering exactly at the boundary. */
const NEXT_HOUR_MARGIN_MS = 5_000;
const HOUR_MS = 3_600_000;

/** Milliseconds until the next clock hour plus a 5 s margin: the wait when a 429 has no `Retry-After`. */
export function msUntilNextHour(nowMs: number = Date.now()): number {
  return HOUR_MS - (nowMs % HOUR_MS) + NEXT_HOUR_MARGIN_MS;
}

/**
 * `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3) → milliseconds, or undefined
 * when absent or unparsable. Mist does not document the header; Terraform docs show seconds.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse accepts bare numbers like "-5" as years; an HTTP-date always has a month name.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** The wait a 429 asks for, falling back to the hourly boundary. */
export function retryAfterMs(value: string | undefined, nowMs: number = Date.now()): number {
  return parseRetryAfter(value, nowMs) ?? msUntilNextHour(nowMs);
}
