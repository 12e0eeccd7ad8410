import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DETAIL_NOT_FOUND, DETAIL_SERVER_ERROR, isMistApiError } from "../errors";

/** Single place where failures become responses: Mist errors as-is, anything else a logged 500. */
export function handleError(err: Error, c: Context): Response {
  if (isMistApiError(err)) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return c.json(err.body, err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) return err.getResponse();
  console.error("[mist-sim] unhandled error", err);
  return c.json({ detail: DETAIL_SERVER_ERROR }, 500);
}

export function handleNotFound(c: Context): Response {
  return c.json({ detail: DETAIL_NOT_FOUND }, 404);
}
