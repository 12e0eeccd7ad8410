import { z } from "zod";
import { mistPath } from "../core/mist-path";
import type { Query } from "../core/types";
import { listAll } from "../pagination/paginate";
import type { CallOptions, ResourceContext } from "./context";

/** Org-level collections that share the `GET|POST /orgs/{org}/{kind}`, `GET|PUT|DELETE …/{id}` shape. */
export const ORG_OBJECT_KINDS = [
  "services",
  "networks",
  "deviceprofiles",
  "gatewaytemplates",
  "networktemplates",
  "templates",
  "rftemplates",
  "wlans",
  "wxtags",
  "wxrules",
  "psks",
  "sitegroups",
  "vpns",
] as const;
export type OrgObjectKind = (typeof ORG_OBJECT_KINDS)[number];

/** Any org object: only `id` is relied on; names live in different fields per kind. */
export const OrgObject = z.looseObject({ id: z.string() });
export type OrgObject = z.infer<typeof OrgObject>;

export type OrgObjectBody = Record<string, unknown>;

export interface FindByNameOptions extends CallOptions {
  /** Field compared with `name`. Default `ssid` for wlans (they have no name), `name` otherwise. */
  nameField?: string;
  /** List filters, e.g. `{ type: "gateway" }`: deviceprofiles default to `ap` without it. */
  query?: Query;
  /** Extra equality filters, e.g. `{ template_id }` since one SSID may exist in several templates. */
  where?: Readonly<Record<string, unknown>>;
}

/** Mist allows duplicate names (docs/design/mist-api.md §3.6); pick the oldest so repeated lookups agree. */
function oldestFirst(a: OrgObject, b: OrgObject): number {
  const ta = typeof a.created_time === "number" ? a.created_time : Number.POSITIVE_INFINITY;
  const tb = typeof b.created_time === "number" ? b.created_time : Number.POSITIVE_INFINITY;
  return ta - tb;
}

/**
 * Generic access to org collections. Mist has no idempotency keys, so creating is always
 * "find by name, then create": {@link findByName} is that lookup.
 */
export class OrgObjectsApi {
  constructor(private readonly ctx: ResourceContext) {}

  /** Every object of a kind (all pages). Hub profiles need `{ type: "gateway" }` (default is `ap`). */
  list(orgId: string, kind: OrgObjectKind, query?: Query, options: CallOptions = {}): Promise<OrgObject[]> {
    return listAll(this.ctx.http, mistPath`/orgs/${orgId}/${kind}`, OrgObject, query, {
      limit: this.ctx.pageLimit,
      signal: options.signal,
    });
  }

  get(orgId: string, kind: OrgObjectKind, id: string, options: CallOptions = {}): Promise<OrgObject> {
    return this.ctx.http.request("GET", mistPath`/orgs/${orgId}/${kind}/${id}`, {
      schema: OrgObject,
      signal: options.signal,
    });
  }

  /** Not retried on failure (POST): call {@link findByName} before trying again. */
  create(
    orgId: string,
    kind: OrgObjectKind,
    body: OrgObjectBody,
    query?: Query,
    options: CallOptions = {},
  ): Promise<OrgObject> {
    return this.ctx.http.request("POST", mistPath`/orgs/${orgId}/${kind}`, {
      query,
      body,
      schema: OrgObject,
      signal: options.signal,
    });
  }

  /** Partial update: Mist changes only the fields sent. */
  update(
    orgId: string,
    kind: OrgObjectKind,
    id: string,
    body: OrgObjectBody,
    options: CallOptions = {},
  ): Promise<OrgObject> {
    return this.ctx.http.request("PUT", mistPath`/orgs/${orgId}/${kind}/${id}`, {
      body,
      schema: OrgObject,
      signal: options.signal,
    });
  }

  /** Mist answers 200 with no body. */
  async remove(orgId: string, kind: OrgObjectKind, id: string, options: CallOptions = {}): Promise<void> {
    await this.ctx.http.request("DELETE", mistPath`/orgs/${orgId}/${kind}/${id}`, {
      schema: z.unknown(),
      signal: options.signal,
    });
  }

  /** The object whose `nameField` equals `name` exactly (oldest first if Mist holds duplicates). */
  async findByName(
    orgId: string,
    kind: OrgObjectKind,
    name: string,
    options: FindByNameOptions = {},
  ): Promise<OrgObject | undefined> {
    const field = options.nameField ?? (kind === "wlans" ? "ssid" : "name");
    const where = Object.entries(options.where ?? {});
    const all = await this.list(orgId, kind, options.query, { signal: options.signal });
    const matches = all.filter((o) => o[field] === name && where.every(([k, v]) => o[k] === v));
    return matches.sort(oldestFirst)[0];
  }
}
