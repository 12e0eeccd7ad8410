import type { RateLimitConfig } from "../middleware/rate-limit/rate-limiter";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `--rate-limit` value: `off`, or `<calls>/<window>` where window is a number with an optional
 * unit `ms|s|m|h` (seconds when omitted), e.g. `5000/3600s`, `100/1m`, `5000/1h`.
 */
export function parseRateLimitArg(value: string): RateLimitConfig | false {
  const v = value.trim().toLowerCase();
  if (v === "off" || v === "false" || v === "0") return false;
  const match = /^(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h)?$/.exec(v);
  if (!match) throw new Error(`invalid rate limit '${value}': use off or <calls>/<window>, e.g. 5000/3600s`);
  const perWindow = Number(match[1]);
  const windowMs = Number(match[2]) * (UNIT_MS[match[3] ?? "s"] ?? 1000);
  if (perWindow < 1 || windowMs < 1)
    throw new Error(`invalid rate limit '${value}': values must be positive`);
  return { perWindow, windowMs };
}
