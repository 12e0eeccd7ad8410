import { z } from "zod";
import type { CollectionSpec } from "./collection-spec";
import { Name } from "./common-schemas";

/**
 * Site groups. Membership lives on the site (`site.sitegroup_ids`) and the backend derives
 * `sitegroup.site_ids` (docs/design/mist-api.md §2.14), so `site_ids` is computed on every read and ignored on write.
 */
export const SITEGROUP_SPEC: CollectionSpec = {
  kind: "sitegroups",
  create: z.looseObject({ name: Name }),
  // Spec PUT body is `name_string`, i.e. only the name.
  update: z.looseObject({ name: Name.optional() }),
  readOnly: ["site_ids"],
  view: (org, group) => ({
    ...group,
    site_ids: org.sites
      .list()
      .filter((s) => Array.isArray(s.sitegroup_ids) && s.sitegroup_ids.includes(group.id))
      .map((s) => s.id),
  }),
  // A deleted group disappears from its sites' memberships.
  onDelete: (org, group, now) => {
    for (const site of org.sites.list()) {
      if (!Array.isArray(site.sitegroup_ids) || !site.sitegroup_ids.includes(group.id)) continue;
      org.sites.put({
        ...site,
        sitegroup_ids: site.sitegroup_ids.filter((id) => id !== group.id),
        modified_time: now,
      });
    }
  },
};
