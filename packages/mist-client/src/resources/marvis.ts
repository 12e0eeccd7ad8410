import { z } from "zod";
import { mistPath } from "../core/mist-path";
import { MAX_PAGE_LIMIT } from "../pagination/paginate";
import type { CallOptions, ResourceContext } from "./context";

/** Spec `marvis_config_action` (2605.1.0): one change Marvis self-driving made to a device. */
export const MarvisConfigAction = z.looseObject({
  id: z.string(),
  site_id: z.string().nullish(),
  mac: z.string().nullish(),
  port_id: z.string().nullish(),
  op: z.string().nullish(),
  type: z.string().nullish(),
  src: z.string().nullish(),
  reason: z.string().nullish(),
  vlan_ids: z.array(z.number()).nullish(),
  /** Epoch seconds. */
  timestamp: z.number().nullish(),
});
export type MarvisConfigAction = z.infer<typeof MarvisConfigAction>;

const MarvisSearchPage = z.looseObject({
  total: z.number().nullish(),
  results: z.array(MarvisConfigAction),
});

export interface MarvisSearchQuery {
  mac?: string;
  port_id?: string;
  op?: string;
  type?: string;
  src?: string;
  /** Epoch seconds, or Mist's relative forms (`-1d`, `now`). */
  start?: number | string;
  end?: number | string;
  /** Default `1d` (Mist's). */
  duration?: string;
}

/** Marvis config actions of a site. */
export class MarvisApi {
  constructor(private readonly ctx: ResourceContext) {}

  /**
   * `GET /sites/{id}/marvis_configs/search`, every page. The response model has no `next` link,
   * so pages are walked with `page` until `total` is reached or a page comes back short.
   */
  async searchConfigActions(
    siteId: string,
    query: MarvisSearchQuery = {},
    options: CallOptions = {},
  ): Promise<MarvisConfigAction[]> {
    const out: MarvisConfigAction[] = [];
    for (let page = 1; ; page++) {
      const res = await this.ctx.http.request("GET", mistPath`/sites/${siteId}/marvis_configs/search`, {
        query: { ...query, limit: MAX_PAGE_LIMIT, page },
        schema: MarvisSearchPage,
        signal: options.signal,
      });
      out.push(...res.results);
      const total = res.total ?? undefined;
      if (res.results.length < MAX_PAGE_LIMIT || (total !== undefined && out.length >= total)) return out;
    }
  }
}
