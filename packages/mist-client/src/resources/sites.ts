import { z } from "zod";
import { mistPath } from "../core/mist-path";
import { listAll } from "../pagination/paginate";
import type { CallOptions, ResourceContext } from "./context";

/** A site as we read it: `id` and `name` are what we rely on; every other field passes through. */
export const Site = z.looseObject({
  id: z.string(),
  name: z.string(),
  org_id: z.string().nullish(),
});
export type Site = z.infer<typeof Site>;

const SiteSearch = z.looseObject({ results: z.array(Site) });

/** `PUT /sites/{id}/setting`: we rely on `vars` (site variables, string → string). */
export const SiteSetting = z.looseObject({
  vars: z.record(z.string(), z.string()).nullish(),
});
export type SiteSetting = z.infer<typeof SiteSetting>;

/** Fields we send when creating a site; templates bind here too (`*template_id`, nullable to unbind). */
export type SiteInput = {
  name: string;
  address?: string;
  timezone?: string;
  country_code?: string;
  latlng?: { lat: number; lng: number };
  notes?: string;
  sitegroup_ids?: string[];
  gatewaytemplate_id?: string | null;
  networktemplate_id?: string | null;
  rftemplate_id?: string | null;
  [field: string]: unknown;
};

/**
 * PUT is a partial update in Mist: only the fields sent change. `name` is always sent: the
 * operation's request schema (the full `site`) requires it (docs/mist-api-changes.md).
 */
export type SiteUpdate = Partial<SiteInput> & { name: string };

export type SiteSettingUpdate = { vars?: Record<string, string>; [field: string]: unknown };

export class SitesApi {
  constructor(private readonly ctx: ResourceContext) {}

  /**
   * The site named exactly `name`, or undefined. Mist's search is case-insensitive with `*`
   * wildcards, so results are filtered here for an exact match. Returns the search item (id, name,
   * org_id, timezone …); call {@link get} for the full record.
   */
  async searchByName(orgId: string, name: string, options: CallOptions = {}): Promise<Site | undefined> {
    const found = await this.ctx.http.request("GET", mistPath`/orgs/${orgId}/sites/search`, {
      query: { name },
      schema: SiteSearch,
      signal: options.signal,
    });
    return found.results.find((site) => site.name === name);
  }

  /** Every site of the org (all pages). */
  list(orgId: string, options: CallOptions = {}): Promise<Site[]> {
    return listAll(this.ctx.http, mistPath`/orgs/${orgId}/sites`, Site, undefined, {
      limit: this.ctx.pageLimit,
      signal: options.signal,
    });
  }

  get(siteId: string, options: CallOptions = {}): Promise<Site> {
    return this.ctx.http.request("GET", mistPath`/sites/${siteId}`, { schema: Site, signal: options.signal });
  }

  /** Not retried on failure (POST); look the site up by name before calling again. */
  create(orgId: string, body: SiteInput, options: CallOptions = {}): Promise<Site> {
    return this.ctx.http.request("POST", mistPath`/orgs/${orgId}/sites`, {
      body,
      schema: Site,
      signal: options.signal,
    });
  }

  update(siteId: string, body: SiteUpdate, options: CallOptions = {}): Promise<Site> {
    return this.ctx.http.request("PUT", mistPath`/sites/${siteId}`, {
      body,
      schema: Site,
      signal: options.signal,
    });
  }

  /**
   * Mist answers 200 with no body. Mist unassigns the site's devices itself (they stay claimed);
   * a DELETE of a site that is already gone answers 404, which a caller converging on "no site"
   * takes as done.
   */
  async delete(siteId: string, options: CallOptions = {}): Promise<void> {
    await this.ctx.http.request("DELETE", mistPath`/sites/${siteId}`, {
      schema: z.unknown(),
      signal: options.signal,
    });
  }

  getSetting(siteId: string, options: CallOptions = {}): Promise<SiteSetting> {
    return this.ctx.http.request("GET", mistPath`/sites/${siteId}/setting`, {
      schema: SiteSetting,
      signal: options.signal,
    });
  }

  /** Whether Mist merges or replaces `vars` is undocumented: send the complete dict you want. */
  updateSetting(siteId: string, body: SiteSettingUpdate, options: CallOptions = {}): Promise<SiteSetting> {
    return this.ctx.http.request("PUT", mistPath`/sites/${siteId}/setting`, {
      body,
      schema: SiteSetting,
      signal: options.signal,
    });
  }
}
