import { readFileSync } from "node:fs";

/** Where a JSON setting comes from: a file, or the same JSON inline in an env var. */
export interface JsonSettingSource {
  file?: string | undefined;
  inline?: string | undefined;
  /** What errors call the file: "PSK sinks config" reads "PSK sinks config /etc/sinks.json". */
  fileLabel: string;
  /** The env var that holds the inline JSON, which is what errors call it. */
  inlineName?: string;
}

/**
 * The one reader of the JSON settings files (webhooks, PSK sinks): the file wins over inline
 * JSON, and neither (or blank) is undefined. An unreadable file or malformed JSON becomes the
 * caller's own error through `fail`, named by its origin, so every setting fails the same way;
 * what the JSON must contain is the caller's schema.
 */
export function readJsonSetting(
  source: JsonSettingSource,
  fail: (message: string, origin: string) => Error,
): { json: unknown; origin: string } | undefined {
  const origin = source.file ? `${source.fileLabel} ${source.file}` : (source.inlineName ?? source.fileLabel);
  let raw: string | undefined;
  try {
    raw = source.file ? readFileSync(source.file, "utf8") : source.inline;
  } catch (e) {
    throw fail((e as Error).message, origin);
  }
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    return { json: JSON.parse(raw), origin };
  } catch (e) {
    throw fail(`not valid JSON: ${(e as Error).message}`, origin);
  }
}
