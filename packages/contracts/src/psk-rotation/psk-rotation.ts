import { z } from "zod";
import { isIanaTimezone } from "../deployment/request";
import { PassphrasePolicy } from "./passphrase-policy";
import { SinkName } from "./psk-sinks-config";

const OrgId = z.uuid({ message: "must be a Mist org id (UUID)" });
/** Mist's PSK `name` is the key of a PSK within its org (docs/design/mist-api.md §2.13). */
export const PskName = z.string().min(1, "is required").max(64, "must be at most 64 characters");

/** How long the previous passphrase keeps working: 0 (cut at once) to 30 days. */
export const OverlapSeconds = z
  .number()
  .int()
  .min(0, "must be 0 or more seconds")
  .max(30 * 86_400, "must be at most 30 days (2592000 s)");

export const PSK_ROTATION_ID = /^pskrot-[0-9a-f]{24}$/;
export const PSK_SCHEDULE_ID = /^pskrot-sched-[0-9a-f]{16}$/;
export const PskRotationId = z.string().regex(PSK_ROTATION_ID, "must be a rotation id (pskrot-…)");
export const PskScheduleId = z.string().regex(PSK_SCHEDULE_ID, "must be a schedule id (pskrot-sched-…)");

/** `POST /v1/psk-rotations`: rotate one org PSK now. */
export const PskRotationRequest = z.strictObject({
  org_id: OrgId,
  psk_name: PskName,
  policy: PassphrasePolicy.prefault({}),
  overlap_s: OverlapSeconds.default(86_400),
  sink: SinkName,
});
export type PskRotationRequest = z.infer<typeof PskRotationRequest>;

/** `POST /v1/psk-rotations/schedules`: rotate PSKs on a cron (tz-aware) or every N seconds. */
export const PskRotationScheduleRequest = z
  .strictObject({
    org_id: OrgId,
    psk_names: z
      .array(PskName)
      .min(1, "must name at least one PSK")
      .max(50, "must name at most 50 PSKs")
      .refine((names) => new Set(names).size === names.length, "lists a PSK twice"),
    /** 5 fields, or 6 with seconds first (cron-parser, as BullMQ uses it). */
    cron: z.string().trim().min(1).max(120).optional(),
    every_s: z
      .number()
      .int()
      .min(1)
      .max(366 * 86_400)
      .optional(),
    tz: z.string().refine(isIanaTimezone, "must be an IANA time zone such as Europe/Paris").default("UTC"),
    policy: PassphrasePolicy.prefault({}),
    overlap_s: OverlapSeconds.default(86_400),
    sink: SinkName,
  })
  .superRefine((s, ctx) => {
    if ((s.cron === undefined) === (s.every_s === undefined))
      ctx.addIssue({ code: "custom", path: ["cron"], message: "give exactly one of cron and every_s" });
  });
export type PskRotationScheduleRequest = z.infer<typeof PskRotationScheduleRequest>;

export const PSK_ROTATION_STATES = [
  "queued",
  "generated",
  "applied",
  "delivered",
  "old_removed",
  "failed",
] as const;
export const PskRotationState = z.enum(PSK_ROTATION_STATES);
export type PskRotationState = z.infer<typeof PskRotationState>;

/** Who asked: an API key by name, the admin login (an API without keys), or a schedule by id. */
export const RequestedBy = z.strictObject({
  kind: z.enum(["api_key", "admin", "schedule", "anonymous"]),
  name: z.string().max(128),
});
export type RequestedBy = z.infer<typeof RequestedBy>;

/** History entry of one rotation. It never holds the passphrase, in any form that can be read back. */
export const PskRotationView = z.strictObject({
  id: PskRotationId,
  org_id: z.string(),
  psk_name: z.string(),
  psk_id: z.string().optional(),
  ssid: z.string().optional(),
  sink: z.string(),
  overlap_s: z.number(),
  policy: PassphrasePolicy,
  state: PskRotationState,
  requested_by: RequestedBy,
  schedule_id: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  generated_at: z.string().optional(),
  applied_at: z.string().optional(),
  delivered_at: z.string().optional(),
  /** When the delayed job removes `old_passphrase`. */
  old_passphrase_until: z.string().optional(),
  old_removed_at: z.string().optional(),
  failed_at: z.string().optional(),
  /** The state the rotation had reached when it failed. */
  failed_in: PskRotationState.optional(),
  error: z.string().optional(),
});
export type PskRotationView = z.infer<typeof PskRotationView>;

/** Job data of `rotate-psk` and `expire-psk-old-passphrase`: the id only; the record holds the rest. */
export const PskRotationJobData = z.strictObject({ rotation_id: PskRotationId });
export type PskRotationJobData = z.infer<typeof PskRotationJobData>;

/** Template data of a schedule's jobs: what each firing rotates. No secret: the sink is a name. */
export const PskScheduleJobData = z.strictObject({
  schedule_id: PskScheduleId,
  org_id: z.string(),
  psk_names: z.array(z.string()).min(1),
  policy: PassphrasePolicy,
  overlap_s: z.number().int().min(0),
  sink: z.string(),
  requested_by: RequestedBy,
});
export type PskScheduleJobData = z.infer<typeof PskScheduleJobData>;
