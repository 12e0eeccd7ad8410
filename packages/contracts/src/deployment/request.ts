import { z } from "zod";
import { AssuranceSettings } from "../assurance/assurance";
import { TicketRef } from "../ticketing/ticket-ref";

const knownZones = new Map<string, boolean>();

/**
 * IANA zone names the runtime knows; `Intl` is the authority, not a hand-kept list. Memoized:
 * building a DateTimeFormat per request was a seventh of the intake's CPU (docs/benchmarks.md).
 */
export const isIanaTimezone = (tz: string): boolean => {
  const known = knownZones.get(tz);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    valid = tz.length > 0 && !/^[+-]/.test(tz);
  } catch {
    valid = false;
  }
  // Bounded: arbitrary invalid strings from callers must not grow it without limit.
  if (knownZones.size < 2_000) knownZones.set(tz, valid);
  return valid;
};

const macPattern = /^[0-9a-f]{12}$/;
/** Mist writes MACs as 12 lowercase hex digits; accept the usual separators and case. */
export const Mac = z
  .string()
  .transform((v) => v.replace(/[:.-]/g, "").toLowerCase())
  .refine((v) => macPattern.test(v), { message: "must be a MAC address (12 hex digits)" });

export const ClaimCode = z
  .string()
  .trim()
  .regex(
    /^[A-Z0-9]{5}(-?[A-Z0-9]{5}){2}$|^[A-Z0-9]{15}$/i,
    "must be a Mist claim code like ABCDE-FGHIJ-KLMNO",
  )
  .transform((v) => v.toUpperCase());

/** Site variable names as Mist accepts them in `{{name}}` references. */
export const VarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "must be a variable name");

export const SiteSpec = z.strictObject({
  name: z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"),
  address: z.string().trim().min(1, "is required").max(256),
  timezone: z.string().refine(isIanaTimezone, { message: "must be an IANA time zone such as Europe/Paris" }),
  country_code: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 code")
    .transform((v) => v.toUpperCase()),
  latlng: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  region: z
    .string()
    .regex(/^[A-Z]{2,6}(-[A-Z]{1,6})?$/, "must be an IPAM zone code such as NA-EAST")
    .describe("IPAM zone code"),
  notes: z.string().max(1024).optional(),
});
export type SiteSpec = z.infer<typeof SiteSpec>;

export const DeviceSpec = z
  .strictObject({
    claim_codes: z.array(ClaimCode).max(500).default([]),
    macs: z.array(Mac).max(500).default([]),
    serials: z.array(z.string().trim().min(1).max(64)).max(500).default([]),
  })
  .default({ claim_codes: [], macs: [], serials: [] });
export type DeviceSpec = z.infer<typeof DeviceSpec>;

/** `POST /v1/deployments` body. */
export const DeploymentRequest = z.strictObject({
  org_id: z.uuid({ message: "must be a Mist org id (UUID)" }),
  site: SiteSpec,
  blueprint: z.string().trim().min(1, "is required").max(64),
  /** Pins a registered version of the blueprint; absent, the newest one. */
  blueprint_version: z.number().int().min(1).optional(),
  devices: DeviceSpec,
  vars: z.record(VarName, z.string().max(256)).default({}),
  /**
   * `ipam` (absent): the site's addresses come from its IPAM block, `vars` override on top.
   * `adopted`: a site built outside mistflow keeps its own addressing; its variables are exactly
   * `vars`, and IPAM only records (reserves) the prefixes they hold, so no new site collides.
   */
  // Optional rather than defaulted: absent is `ipam`, and requests recorded before the field keep
  // their digest (a default would change every one, and a client retry would read as a conflict).
  ip_plan: z.enum(["ipam", "adopted"]).optional(),
  /** Overrides the blueprint's and the workers' assurance settings for this site. */
  assurance: AssuranceSettings.optional(),
  /** Set by the webhook intake only: the ticket this deployment reports back to. */
  ticket: TicketRef.optional(),
});
export type DeploymentRequest = z.infer<typeof DeploymentRequest>;
export type DeploymentRequestInput = z.input<typeof DeploymentRequest>;

/** The older orchestrator's body, kept so existing callers keep working. */
export const LegacyDeployRequest = z.object({
  org_id: z.uuid({ message: "must be a Mist org id (UUID)" }),
  site_name: z.string().trim().min(1, "is required").max(64),
  zone_id: z.coerce.number().int().min(1, "must be between 1 and 8").max(8, "must be between 1 and 8"),
  site_id: z.coerce.number().int().min(0).max(65535),
  device_serials: z.array(z.string().trim().min(1)).max(500).default([]),
  blueprint: z.string().trim().min(1).optional(),
  address: z.string().trim().min(1).optional(),
  timezone: z.string().refine(isIanaTimezone, { message: "must be an IANA time zone" }).optional(),
  country_code: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional(),
});
export type LegacyDeployRequest = z.infer<typeof LegacyDeployRequest>;
