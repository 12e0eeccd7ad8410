import type { Context } from "hono";
import { notFound } from "../errors";

/** Path parameter for routes whose pattern is built at runtime (Hono cannot type those). */
export function pathParam(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw notFound();
  return value;
}
