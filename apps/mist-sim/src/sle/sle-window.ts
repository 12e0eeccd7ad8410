import { invalidField } from "../errors";

/** A query window in epoch seconds, `start < end`. */
export interface SleWindow {
  start: number;
  end: number;
}

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DEFAULT_DURATION = "1d";

/** `10m`, `1h`, `1d`, `2w` … → seconds (spec `components.parameters.duration`). */
export function parseDuration(raw: string, field = "duration"): number {
  const match = /^(\d+)([smhdw])$/.exec(raw.trim());
  const seconds = match ? Number(match[1]) * (UNIT_S[match[2] ?? "s"] ?? 1) : 0;
  if (seconds <= 0) throw invalidField(field, "must be a duration like 10m, 1h, 1d or 2w");
  return seconds;
}

/** Epoch seconds, `now`, or relative to now like `-1d`, `-2h` (spec `start`/`end`). */
function parseTime(raw: string, field: string, nowS: number): number {
  const v = raw.trim();
  if (v === "now") return nowS;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.floor(Number(v));
  const rel = /^-(\d+)([smhdw])$/.exec(v);
  if (rel) return nowS - Number(rel[1]) * (UNIT_S[rel[2] ?? "s"] ?? 1);
  throw invalidField(field, "must be epoch seconds, now, or relative like -1d");
}

/**
 * start/end/duration as Mist documents them: both bounds win over duration; one bound plus
 * `duration` (default 1d) gives the other, a computed end never lying past now; with neither the
 * window ends now.
 */
export function parseSleWindow(
  query: { start?: string | undefined; end?: string | undefined; duration?: string | undefined },
  nowMs: number,
): SleWindow {
  // Rounded up, so a window ending "now" includes what happened earlier in the current second.
  const nowS = Math.ceil(nowMs / 1000);
  const duration = parseDuration(query.duration || DEFAULT_DURATION);
  const start = query.start ? parseTime(query.start, "start", nowS) : undefined;
  const end = query.end ? parseTime(query.end, "end", nowS) : undefined;
  const window =
    start !== undefined
      ? { start, end: end ?? Math.min(start + duration, nowS) }
      : { start: (end ?? nowS) - duration, end: end ?? nowS };
  if (window.end <= window.start) throw invalidField("end", "must be after start");
  return window;
}

const STEPS_S = [60, 600, 3600, 10_800, 86_400, 604_800];
const MAX_SAMPLES = 48;

/** Sample interval for a window: the finest step giving at most 48 samples (1d → 3600 s, as Mist). */
export function sampleInterval(window: SleWindow): number {
  const span = window.end - window.start;
  return STEPS_S.find((step) => span / step <= MAX_SAMPLES) ?? (STEPS_S.at(-1) as number);
}
