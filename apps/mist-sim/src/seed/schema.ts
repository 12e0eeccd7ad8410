import { z } from "zod";

export const DEVICE_TYPES = ["ap", "switch", "gateway"] as const;
export const DeviceType = z.enum(DEVICE_TYPES);
export type DeviceType = z.infer<typeof DeviceType>;

const ROLES = ["admin", "write", "read"] as const;
const Role = z.enum(ROLES);

/** Mist MACs are 12 lowercase hex digits without separators. */
const Mac = z.string().regex(/^[0-9a-f]{12}$/, "must be 12 lowercase hex digits");

/**
 * Claim codes are printed as `XXXXX-XXXXX-XXXXX`; Mist echoes them without dashes as `magic`.
 * Seeds may use any dash-separated alphanumeric form; matching ignores case and dashes.
 */
const ClaimCode = z
  .string()
  .regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, "must be alphanumeric groups joined by '-'");

export const SeedDevice = z.object({
  mac: Mac,
  serial: z.string().min(1),
  model: z.string().min(1),
  type: DeviceType,
  claim_code: ClaimCode,
  /** Org that already owns this device at start (produces "belongs to another org" for others). */
  claimed_by_org: z.string().optional(),
  /** Firmware reported once the device is assigned to a site; defaults per model/type. */
  version: z.string().optional(),
});
export type SeedDevice = z.infer<typeof SeedDevice>;

const SeedOrg = z.object({
  id: z.guid(),
  name: z.string().min(1),
});

const SeedPrivilege = z.object({
  scope: z.literal("org"),
  role: Role,
  org_id: z.guid(),
});

export const SeedToken = z.object({
  value: z.string().regex(/^\S{8,}$/, "must be at least 8 characters without whitespace"),
  /** Stable public handle used in the ledger and rate-limit keys; the value itself is never logged. */
  alias: z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be a simple identifier"),
  kind: z.enum(["org", "user"]),
  /** Org tokens carry a name; user tokens carry the admin's email and names. */
  name: z.string().optional(),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  privileges: z.array(SeedPrivilege),
  /** Org tokens only: spec `org_apitoken.src_ips`, at most 10 addresses or subnets, fixed at creation. */
  src_ips: z.array(z.string()).max(10).optional(),
});
export type SeedToken = z.infer<typeof SeedToken>;

/** Normalised claim-code key: upper case, no dashes or whitespace. */
export function claimCodeKey(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

export const SimSeed = z
  .object({
    orgs: z.array(SeedOrg).min(1),
    tokens: z.array(SeedToken),
    /** Claimable device pools keyed by the org they are earmarked for. Claim codes are global. */
    inventory: z.record(z.string(), z.array(SeedDevice)).default({}),
  })
  .superRefine((seed, ctx) => {
    const orgIds = new Set<string>();
    for (const [i, org] of seed.orgs.entries()) {
      if (orgIds.has(org.id))
        ctx.addIssue({ code: "custom", path: ["orgs", i, "id"], message: "duplicate org id" });
      orgIds.add(org.id);
    }
    const values = new Set<string>();
    const aliases = new Set<string>();
    for (const [i, token] of seed.tokens.entries()) {
      if (values.has(token.value))
        ctx.addIssue({ code: "custom", path: ["tokens", i, "value"], message: "duplicate token value" });
      if (aliases.has(token.alias))
        ctx.addIssue({ code: "custom", path: ["tokens", i, "alias"], message: "duplicate token alias" });
      values.add(token.value);
      aliases.add(token.alias);
      for (const [j, p] of token.privileges.entries()) {
        if (!orgIds.has(p.org_id))
          ctx.addIssue({
            code: "custom",
            path: ["tokens", i, "privileges", j, "org_id"],
            message: "unknown org",
          });
      }
    }
    const macs = new Set<string>();
    const codes = new Set<string>();
    for (const [poolOrg, devices] of Object.entries(seed.inventory)) {
      if (!orgIds.has(poolOrg))
        ctx.addIssue({ code: "custom", path: ["inventory", poolOrg], message: "unknown org" });
      for (const [i, d] of devices.entries()) {
        const path = ["inventory", poolOrg, i];
        if (macs.has(d.mac))
          ctx.addIssue({ code: "custom", path: [...path, "mac"], message: "duplicate mac" });
        const key = claimCodeKey(d.claim_code);
        if (codes.has(key))
          ctx.addIssue({ code: "custom", path: [...path, "claim_code"], message: "duplicate claim code" });
        if (d.claimed_by_org !== undefined && !orgIds.has(d.claimed_by_org))
          ctx.addIssue({ code: "custom", path: [...path, "claimed_by_org"], message: "unknown org" });
        macs.add(d.mac);
        codes.add(key);
      }
    }
  });
export type SimSeed = z.infer<typeof SimSeed>;
