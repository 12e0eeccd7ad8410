import { z } from "zod";

/** IANA zone names the runtime knows; `Intl` is the authority, not a hand-kept list. */
function isIanaTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.length > 0 && !/^[+-]/.test(tz);
  } catch {
    return false;
  }
}

const NullableId = z.guid().nullable().optional();

/** Template references a site may carry; all nullable so `null` unbinds (docs/design/mist-api.md §2.14). */
export const SITE_TEMPLATE_FIELDS = [
  "alarmtemplate_id",
  "aptemplate_id",
  "gatewaytemplate_id",
  "networktemplate_id",
  "rftemplate_id",
  "secpolicy_id",
  "sitetemplate_id",
  "routertemplate_id",
] as const;

/** Spec `site`: only `name` is required; unknown fields are stored as sent. */
export const SiteCreate = z.looseObject({
  name: z.string().trim().min(1),
  timezone: z.string().refine(isIanaTimezone, "must be an IANA time zone").optional(),
  country_code: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be a two-letter ISO 3166-1 code")
    .nullable()
    .optional(),
  address: z.string().nullable().optional(),
  latlng: z
    .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
    .nullable()
    .optional(),
  notes: z.string().nullable().optional(),
  sitegroup_ids: z.array(z.guid()).optional(),
  tzoffset: z.number().int().optional(),
  ...Object.fromEntries(SITE_TEMPLATE_FIELDS.map((f) => [f, NullableId])),
});

/**
 * PUT is partial (docs/mist-api-changes.md): omitted fields stay, present fields must be valid.
 * `name` is the exception: updateSiteInfo's request schema is the full `site` schema, which
 * requires it, so the simulator refuses a body without it (a chosen, labelled behaviour: real
 * Mist has been seen to accept partial bodies, but a client that relies on that breaks the day
 * Mist enforces its own schema).
 */
export const SiteUpdate = SiteCreate.partial().required({ name: true });
