/** A Mist object as listed: only `id` is relied on; every other field passes through. */
export type MistObject = Record<string, unknown> & { id: string };

/**
 * What an import reads from one org, with GETs only. Sites carry their template bindings
 * (`gatewaytemplate_id`, `networktemplate_id`, `rftemplate_id`, `sitegroup_ids`); `vars` are each
 * site's variables from `GET /sites/{id}/setting`.
 */
export interface OrgSnapshot {
  org_id: string;
  sites: MistObject[];
  vars: Readonly<Record<string, Readonly<Record<string, string>>>>;
  services: MistObject[];
  networks: MistObject[];
  /** Device profiles of type gateway. */
  hub_profiles: MistObject[];
  gatewaytemplates: MistObject[];
  networktemplates: MistObject[];
  /** WLAN templates. */
  templates: MistObject[];
  rftemplates: MistObject[];
  wlans: MistObject[];
  wxtags: MistObject[];
  wxrules: MistObject[];
  psks: MistObject[];
  sitegroups: MistObject[];
}

/**
 * Fields Mist sets itself, or that tie an object to one org or template: never part of a blueprint
 * (the steps fill the references in, Mist the rest).
 */
export const SERVER_FIELDS = [
  "id",
  "org_id",
  "site_id",
  "msp_id",
  "created_time",
  "modified_time",
  "for_site",
  "template_id",
  "applies",
  "exceptions",
] as const;

export const withoutServerFields = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !(SERVER_FIELDS as readonly string[]).includes(k)));
