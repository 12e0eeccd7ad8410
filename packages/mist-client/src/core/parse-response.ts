import type { z } from "zod";
import { MistSchemaError, type SchemaIssue } from "../errors/mist-schema-error";

/** `[0].id`, `results[2].name`, `` for the root: the way a person reads a JSON path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Short, value-free messages: the body may hold secrets (PSK passphrases, RADIUS secrets). */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") return `expected ${issue.expected}`;
  return issue.message;
}

export interface ParseContext {
  method: string;
  path: string;
  status: number;
}

/** Validates a 2xx body against the caller's schema, or throws a `MistSchemaError` naming the field. */
export function parseResponse<T>(schema: z.ZodType<T>, body: unknown, ctx: ParseContext): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues: SchemaIssue[] = result.error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: describeIssue(issue),
  }));
  throw new MistSchemaError({ ...ctx, issues });
}

/** JSON when it parses, the raw text otherwise (a proxy's HTML 502), undefined when empty. */
export function decodeBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
