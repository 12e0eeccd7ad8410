import type { z } from "zod";
import { invalidField } from "../errors";

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Parse with a zod schema and turn the first problem into Mist's field error:
 * `{"detail": "invalid field: <name>", "reason": "<why>"}`. The field is the dotted path up to the
 * first array index (Mist names the array, e.g. `assetfilter_ids`); the index goes into the reason.
 */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalidField("body", "invalid");
  if (issue.code === "unrecognized_keys") {
    const [key] = issue.keys;
    throw invalidField([...issue.path, key].join("."), "unknown field");
  }
  const firstIndex = issue.path.findIndex((p) => typeof p === "number");
  const fieldPath = firstIndex === -1 ? issue.path : issue.path.slice(0, firstIndex);
  const field = fieldPath.map(String).join(".") || "body";
  const where = firstIndex === -1 ? "" : `item ${issue.path.slice(firstIndex).map(String).join(".")}: `;
  const missing = valueAt(data, issue.path) === undefined;
  throw invalidField(field, missing ? "field is required" : `${where}${issue.message}`);
}
