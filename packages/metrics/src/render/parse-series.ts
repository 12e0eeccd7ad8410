export interface ParsedSeries {
  name: string;
  labels: Record<string, string>;
}

const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Reads back a field written by `seriesKey`; label values stay escaped (they are re-emitted as is). */
export function parseSeries(key: string): ParsedSeries | undefined {
  const brace = key.indexOf("{");
  const name = brace === -1 ? key : key.slice(0, brace);
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) return undefined;
  const labels: Record<string, string> = {};
  if (brace !== -1) {
    if (!key.endsWith("}")) return undefined;
    for (const m of key.slice(brace + 1, -1).matchAll(LABEL)) labels[m[1] as string] = m[2] as string;
  }
  return { name, labels };
}
