import type { MiddlewareHandler } from "hono";
import { DETAIL_INVALID_TOKEN, DETAIL_NOT_PROVIDED, unauthorized } from "../../errors";
import type { SimEnv } from "../../http/types";
import type { SimToken } from "../../state/types";

/**
 * `Authorization: Token <value>`, parsed the way DRF's TokenAuthentication does: another scheme
 * counts as "not provided", and a malformed Token header gets DRF's specific messages.
 */
export function authMiddleware(lookup: (value: string) => SimToken | undefined): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const parts = header?.trim().split(/\s+/) ?? [];
    if (parts[0]?.toLowerCase() !== "token") throw unauthorized(DETAIL_NOT_PROVIDED);
    if (parts.length === 1) throw unauthorized("Invalid token header. No credentials provided.");
    if (parts.length > 2) throw unauthorized("Invalid token header. Token string should not contain spaces.");
    const token = lookup(parts[1] ?? "");
    if (!token) throw unauthorized(DETAIL_INVALID_TOKEN);
    c.set("token", token);
    await next();
  };
}
