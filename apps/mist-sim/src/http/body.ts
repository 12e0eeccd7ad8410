import type { Context } from "hono";
import { badRequest } from "../errors";
import type { JsonObject } from "../state/types";

/** The JSON body, or `undefined` when it is empty. Malformed JSON → Mist's "JSON parse error". */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`JSON parse error - ${(err as Error).message}`);
  }
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (value === null) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "bool";
  return "dict";
}

/** A JSON object body (`{}` when empty). Other JSON types get DRF's serializer message. */
export async function readObject(c: Context): Promise<JsonObject> {
  const body = await readJson(c);
  if (body === undefined) return {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(`Invalid data. Expected a dictionary, but got ${jsonTypeName(body)}.`);
  }
  return body as JsonObject;
}

/** A JSON array body. Other JSON types get DRF's list-serializer message. */
export async function readArray(c: Context): Promise<unknown[]> {
  const body = await readJson(c);
  if (!Array.isArray(body)) {
    throw badRequest(`Expected a list of items but got type "${jsonTypeName(body ?? {})}".`);
  }
  return body;
}

/** Copy without the given keys: server-owned fields in a body are ignored, not rejected. */
export function omitKeys(body: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(body)) if (!keys.includes(k)) out[k] = v;
  return out;
}
