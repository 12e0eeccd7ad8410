import { z } from "zod";
import { RequestedBy } from "../psk-rotation";

/**
 * The teardown of a site, in the reverse order of its deployment: each step undoes what an
 * earlier deployment step did, and runs only once the one before it completed.
 */
export const DECOMMISSION_STEP_IDS = [
  "unbind",
  "unassign_devices",
  "delete_site",
  "release_ip_block",
  "close_record",
] as const;
export const DecommissionStepId = z.enum(DECOMMISSION_STEP_IDS);
export type DecommissionStepId = z.infer<typeof DecommissionStepId>;

/** The longest quarantine a request may ask for: a block held longer is better released by hand. */
export const MAX_QUARANTINE_SECONDS = 90 * 86_400;
/** Seven days: longer than any DHCP lease we deploy, and long enough for a routing change to land. */
export const DEFAULT_QUARANTINE_SECONDS = 7 * 86_400;

/** `POST /v1/sites/:site_id/decommission` body. */
export const DecommissionRequest = z.strictObject({
  /**
   * Also release the devices from the org inventory (unclaim). Off by default: an unclaimed
   * device needs its claim code again, which is usually in a box in a warehouse.
   */
  release_devices: z.boolean().default(false),
  /** Delete the Mist site itself; without it the site is left empty (no templates, no devices). */
  delete_site: z.boolean().default(false),
  /**
   * How long the site's IP block stays held after the teardown before another site may get it:
   * routes and DHCP leases may still point at it. The server's default applies when absent.
   */
  quarantine_seconds: z
    .number()
    .int("must be a whole number of seconds")
    .min(0, "must be 0 or more")
    .max(MAX_QUARANTINE_SECONDS, `must be at most ${MAX_QUARANTINE_SECONDS} (90 days)`)
    .optional(),
  /** Only the plan: nothing is recorded, enqueued or written to Mist. */
  dry_run: z.boolean().default(false),
  /** Why, for the record (a ticket number, a store closure…). */
  reason: z.string().trim().min(1).max(500).optional(),
});
export type DecommissionRequest = z.infer<typeof DecommissionRequest>;

/** What the server stores: the request with the quarantine it resolved. */
export const StoredDecommissionRequest = DecommissionRequest.omit({
  dry_run: true,
  quarantine_seconds: true,
}).extend({
  quarantine_seconds: z.number().int().min(0),
  /** The API key, or the admin login, that asked. */
  requested_by: RequestedBy.optional(),
});
export type StoredDecommissionRequest = z.infer<typeof StoredDecommissionRequest>;

/**
 * One planned action. `keep` says what the decommission deliberately leaves alone (the site
 * without `delete_site`, claimed devices without `release_devices`, org objects always), so a
 * reader sees the whole picture, not only the writes.
 */
export const DecommissionAction = z.object({
  step: DecommissionStepId,
  action: z.enum(["update", "unassign", "unclaim", "delete", "quarantine", "release", "record", "keep"]),
  /** What the action touches: `site <id>`, `device <mac>`, `ip block 10.1.2.0/24`, … */
  target: z.string(),
  detail: z.string(),
});
export type DecommissionAction = z.infer<typeof DecommissionAction>;

export const DecommissionPlan = z.object({
  site_id: z.string(),
  site_name: z.string(),
  org_id: z.string(),
  /** The mistflow deployment that built the site; its record ends `decommissioned`. */
  deployment_id: z.string(),
  actions: z.array(DecommissionAction),
  /** Mist calls the teardown will make that write (PUT, DELETE); the plan itself made only GETs. */
  writes: z.number().int().nonnegative(),
});
export type DecommissionPlan = z.infer<typeof DecommissionPlan>;

/** `quarantined`: the site is torn down and its IP block is held until `quarantine_until`. */
export const DECOMMISSION_STATUSES = ["queued", "running", "quarantined", "succeeded", "failed"] as const;
export const DecommissionStatus = z.enum(DECOMMISSION_STATUSES);
export type DecommissionStatus = z.infer<typeof DecommissionStatus>;
export const DECOMMISSION_ENDED: ReadonlySet<DecommissionStatus> = new Set(["succeeded", "failed"]);

export const DecommissionStepStatus = z.object({
  state: z.enum(["pending", "running", "waiting", "succeeded", "failed"]),
  attempts: z.number().int().nonnegative(),
  started_at: z.iso.datetime().optional(),
  finished_at: z.iso.datetime().optional(),
  note: z.string().optional(),
  error: z.string().optional(),
});
export type DecommissionStepStatus = z.infer<typeof DecommissionStepStatus>;

/** What `GET /v1/decommissions/:id` answers. */
export const DecommissionView = z.object({
  id: z.string(),
  status: DecommissionStatus,
  site_id: z.string(),
  site_name: z.string(),
  org_id: z.string(),
  deployment_id: z.string(),
  /** Bumped by every resume; jobs of an older generation stop without touching Mist. */
  generation: z.number().int().nonnegative(),
  request: StoredDecommissionRequest,
  plan: DecommissionPlan,
  steps: z.record(DecommissionStepId, DecommissionStepStatus),
  /** MACs of the devices the site had when the teardown reached them. */
  devices: z.array(z.string()).optional(),
  /** The IP block the site held, and when the quarantine lets it go. */
  ip_block: z.string().optional(),
  quarantine_until: z.iso.datetime().optional(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  finished_at: z.iso.datetime().optional(),
  error: z.object({ step: DecommissionStepId, message: z.string() }).optional(),
});
export type DecommissionView = z.infer<typeof DecommissionView>;

/** One job of the teardown chain. */
export const DecommissionJobData = z.strictObject({
  decommission_id: z.string().regex(/^dcm-[0-9a-f]{24}$/),
  step: DecommissionStepId,
  generation: z.number().int().nonnegative(),
});
export type DecommissionJobData = z.infer<typeof DecommissionJobData>;
