import { z } from "zod";
import { mistPath } from "../core/mist-path";
import { MAX_PAGE_LIMIT } from "../pagination/paginate";
import type { CallOptions, ResourceContext } from "./context";

/**
 * One site of the org SLE roll-up: metric name → mean success fraction (0..1) over the window.
 * Metrics without data are absent; `site_id` and the `num_*` counts are not metrics.
 */
export const OrgSiteSle = z.looseObject({ site_id: z.string() });
export type OrgSiteSle = z.infer<typeof OrgSiteSle> & Record<string, unknown>;

const OrgSitesSlePage = z.looseObject({
  total: z.number().nullish(),
  results: z.array(OrgSiteSle),
});

export interface OrgSitesSleQuery {
  sle: "wifi" | "wired" | "wan";
  /** Epoch seconds, or Mist's relative forms (`-1h`, `now`). */
  start?: number | string;
  end?: number | string;
  duration?: string;
}

/** Org-wide insights. */
export class InsightsApi {
  constructor(private readonly ctx: ResourceContext) {}

  /**
   * `GET /orgs/{id}/insights/sites-sle`: every site's SLE means over one window, 1000 sites per
   * call, which is why a rollout reads its baselines here rather than per site.
   */
  async orgSitesSle(
    orgId: string,
    query: OrgSitesSleQuery,
    options: CallOptions = {},
  ): Promise<OrgSiteSle[]> {
    const out: OrgSiteSle[] = [];
    for (let page = 1; ; page++) {
      const res = await this.ctx.http.request("GET", mistPath`/orgs/${orgId}/insights/sites-sle`, {
        query: { ...query, limit: MAX_PAGE_LIMIT, page },
        schema: OrgSitesSlePage,
        signal: options.signal,
      });
      out.push(...(res.results as OrgSiteSle[]));
      const total = res.total ?? undefined;
      if (res.results.length < MAX_PAGE_LIMIT || (total !== undefined && out.length >= total)) return out;
    }
  }
}
