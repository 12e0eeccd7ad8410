import type { Context } from "hono";
import { ApiError } from "../errors";

/** JSON bodies only, and a parse failure says where, instead of a bare 500. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Content-Type must be application/json");
  }
  const text = await c.req.text();
  if (text.trim() === "")
    throw new ApiError(400, "validation_failed", "body: is required", [
      { field: "body", message: "is required" },
    ]);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = `malformed JSON: ${(e as Error).message}`;
    throw new ApiError(400, "malformed_json", `body: ${message}`, [{ field: "body", message }]);
  }
}
