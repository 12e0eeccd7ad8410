import type { RequestedBy } from "@mistflow/contracts";
import type { Context } from "hono";

/** Who asked for an operator action: the API key from the auth middleware, else the admin login. */
export const requestedBy = (c: Context, adminName: string | undefined): RequestedBy => {
  const name = c.get("apiKeyName");
  if (name) return { kind: "api_key", name };
  return adminName ? { kind: "admin", name: adminName } : { kind: "anonymous", name: "anonymous" };
};
