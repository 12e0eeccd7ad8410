import { z } from "zod";
import type { CallOptions, ResourceContext } from "./context";

export const AdminPrivilege = z.looseObject({
  scope: z.string(),
  role: z.string(),
  org_id: z.string().nullish(),
  site_id: z.string().nullish(),
});
export type AdminPrivilege = z.infer<typeof AdminPrivilege>;

/** `GET /self`: user tokens carry `email`; org tokens do not (the SDK tells them apart that way). */
export const Admin = z.looseObject({
  privileges: z.array(AdminPrivilege),
  email: z.string().nullish(),
  name: z.string().nullish(),
});
export type Admin = z.infer<typeof Admin>;

export const ApiUsage = z.looseObject({
  requests: z.number(),
  request_limit: z.number(),
  seconds: z.number(),
});
export type ApiUsage = z.infer<typeof ApiUsage>;

/** Who the token is, and how much of its hourly budget Mist has counted. */
export class SelfApi {
  constructor(private readonly ctx: ResourceContext) {}

  /** `GET /self`: the cheapest token check; a 401 here means the token is wrong or revoked. */
  getSelf(options: CallOptions = {}): Promise<Admin> {
    return this.ctx.http.request("GET", "/self", { schema: Admin, signal: options.signal });
  }

  /** `GET /self/usage`: Mist's own counter, to reconcile with the shared limiter at startup. */
  getUsage(options: CallOptions = {}): Promise<ApiUsage> {
    return this.ctx.http.request("GET", "/self/usage", { schema: ApiUsage, signal: options.signal });
  }
}
