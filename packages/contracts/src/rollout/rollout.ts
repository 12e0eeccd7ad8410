import { z } from "zod";
import { PlanFieldChange, PlannedObject } from "../plan";
import { SleGuardOrDefault, SoakSeconds } from "../upgrades";

/**
 * One wave of a blueprint rollout, as a cumulative target over the sites still to move: `sites`
 * and `percent` bring the number of moved sites up to that count or share (rounded up);
 * `site_ids` and `sitegroup_id` add exactly those sites (bound ones not moved yet). A wave that
 * adds nothing is dropped from the plan.
 */
export const RolloutWave = z.union([
  z.strictObject({ sites: z.number().int().min(1, "must be at least 1").max(10_000) }),
  z.strictObject({ percent: z.number().gt(0, "must be above 0").max(100, "must be at most 100") }),
  z.strictObject({
    site_ids: z
      .array(z.uuid({ message: "must be a Mist site id (UUID)" }))
      .min(1)
      .max(5_000),
  }),
  z.strictObject({ sitegroup_id: z.uuid({ message: "must be a Mist site group id (UUID)" }) }),
]);
export type RolloutWave = z.infer<typeof RolloutWave>;

export const DEFAULT_ROLLOUT_WAVES: RolloutWave[] = [
  { sites: 1 },
  { percent: 10 },
  { percent: 50 },
  { percent: 100 },
];

const RolloutRequestFields = z.strictObject({
  org_id: z.uuid({ message: "must be a Mist org id (UUID)" }),
  /** The version to move the org's bound sites to; default the newest registered. */
  target_version: z.number().int().min(1, "must be at least 1").optional(),
  waves: z.array(RolloutWave).min(1).max(20).default(DEFAULT_ROLLOUT_WAVES),
  /** Seconds to watch SLEs after a wave is rebound, before judging it. */
  soak_seconds: SoakSeconds,
  sle_guard: SleGuardOrDefault,
  /** Sites that may fail (or fail the SLE gate) across the rollout; one more halts it. */
  max_failures: z.number().int().min(0).max(100_000).default(0),
  /** Plan only: read Mist and answer what would change, write nothing. */
  dry_run: z.boolean().default(false),
});

/** `POST /v1/blueprints/:name/rollouts` body. */
export const RolloutRequest = RolloutRequestFields.superRefine((r, ctx) => {
  const last = r.waves[r.waves.length - 1];
  if (last && !("percent" in last && last.percent === 100)) {
    ctx.addIssue({
      code: "custom",
      path: ["waves", r.waves.length - 1],
      message: "the last wave must be { percent: 100 } so the rollout reaches every bound site",
    });
  }
});
export type RolloutRequest = z.infer<typeof RolloutRequest>;
export type RolloutRequestInput = z.input<typeof RolloutRequest>;

export const ROLLOUT_OBJECT_ACTIONS = ["create", "update", "unchanged", "delete"] as const;

/**
 * One Mist object a rollout touches. `versioned` objects are the copies sites bind to (templates,
 * the WLAN site group and what lives inside a WLAN template); creating one changes no site, so
 * they are made before wave 1 and sites move to them wave by wave. `shared` objects (applications,
 * networks, hub profiles, labels, PSKs) have one copy per org: a change to one reaches every site
 * at once, before wave 1.
 */
export const RolloutObject = PlannedObject.extend({
  action: z.enum(ROLLOUT_OBJECT_ACTIONS),
  scope: z.enum(["versioned", "shared"]),
  phase: z.enum(["before_wave_1", "after_last_wave"]),
  /**
   * A new versioned copy: the object it copies, and in `changes` the fields that differ from it
   * (its name and the ids of the other new copies aside).
   */
  copy_of: z.object({ name: z.string(), mist_id: z.string().optional() }).optional(),
});
export type RolloutObject = z.infer<typeof RolloutObject>;

/** One bound site: which of its bindings a rollout changes, and in which wave. */
export const RolloutSitePlan = z.object({
  site_id: z.string(),
  site_name: z.string(),
  from_version: z.number().int(),
  /** 1-based; absent for a site already on the target version. */
  wave: z.number().int().min(1).optional(),
  /** Site fields the wave's one `PUT /sites/{id}` changes (template ids, site groups). */
  bindings: z.array(PlanFieldChange),
  /** Site variables the target version uses that the site does not define. */
  missing_vars: z.array(z.string()),
});
export type RolloutSitePlan = z.infer<typeof RolloutSitePlan>;

export const RolloutWavePlan = z.object({
  wave: z.number().int().min(1),
  target: z.string().describe('as requested: "sites 1", "percent 25", "site_ids 3", "sitegroup <id>"'),
  site_ids: z.array(z.string()),
});
export type RolloutWavePlan = z.infer<typeof RolloutWavePlan>;

export const RolloutPlan = z.object({
  blueprint: z.string(),
  org_id: z.string(),
  target: z.object({ version: z.number().int(), digest: z.string() }),
  from_versions: z.array(z.number().int()),
  objects: z.array(RolloutObject),
  sites: z.array(RolloutSitePlan),
  waves: z.array(RolloutWavePlan),
  summary: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    delete: z.number().int(),
    /** Sites that move. */
    sites: z.number().int(),
    /** Mist writes the whole rollout makes: object writes plus one per moved site. */
    writes: z.number().int(),
  }),
  /** What an operator must know before starting: shared changes that reach every site at once. */
  notes: z.array(z.string()),
  /** Why the rollout would fail as it stands; a rollout with problems is refused. */
  problems: z.array(z.string()),
  /** Mist read operations the plan made (every one a GET). */
  reads: z.number().int(),
});
export type RolloutPlan = z.infer<typeof RolloutPlan>;

export const ROLLOUT_STATUSES = [
  "queued",
  "running",
  "halted",
  "aborted",
  "succeeded",
  "failed",
  "rolling_back",
  "rolled_back",
] as const;
export const RolloutStatus = z.enum(ROLLOUT_STATUSES);
export type RolloutStatus = z.infer<typeof RolloutStatus>;

export const ROLLOUT_PHASES = ["prepare", "wave", "cleanup", "rollback"] as const;

/** Job data of one rollout phase: never site data or tokens, only where to find the record. */
export const RolloutJobData = z.strictObject({
  rollout_id: z.string().regex(/^rol-[0-9a-f]{24}$/),
  phase: z.enum(ROLLOUT_PHASES),
  /** 1-based; `wave` phase only. */
  wave: z.number().int().min(1).optional(),
  /** Bumped by every resume, abort and rollback: jobs of an older generation find the record moved on. */
  generation: z.number().int().min(0),
});
export type RolloutJobData = z.infer<typeof RolloutJobData>;

export const RolloutWaveState = z.enum([
  "pending",
  "rebinding",
  "soaking",
  "succeeded",
  "halted",
  "aborted",
  "failed",
]);
export type RolloutWaveState = z.infer<typeof RolloutWaveState>;

const SiteSleValues = z.record(z.string(), z.record(z.string(), z.number()));

export const RolloutWaveRecord = z.object({
  state: RolloutWaveState,
  generation: z.number().int().optional(),
  started_at: z.string().optional(),
  /** ms; when the wave's last site was rebound: the soak starts here. */
  rebound_ms: z.number().optional(),
  soak_until_ms: z.number().optional(),
  finished_at: z.string().optional(),
  baseline: SiteSleValues.optional(),
  after: SiteSleValues.optional(),
  sle: z
    .array(
      z.object({
        site_id: z.string(),
        metric: z.string(),
        before: z.number().nullable(),
        after: z.number().nullable(),
        delta: z.number().nullable(),
        breached: z.boolean(),
      }),
    )
    .optional(),
  note: z.string().optional(),
});
export type RolloutWaveRecord = z.infer<typeof RolloutWaveRecord>;

/** Where one site is: on the version it came from until its wave moves it. */
export const RolloutSiteRecord = z.object({
  site_id: z.string(),
  wave: z.number().int(),
  state: z.enum(["moved", "failed", "rolled_back"]),
  version: z.number().int(),
  at: z.string(),
  note: z.string().optional(),
});
export type RolloutSiteRecord = z.infer<typeof RolloutSiteRecord>;

export const RolloutHalt = z.object({
  wave: z.number().int(),
  reason: z.string(),
  at: z.string(),
  kind: z.enum(["sle", "failures", "abort", "error"]),
});
export type RolloutHalt = z.infer<typeof RolloutHalt>;

/** A phase that runs once (prepare, cleanup, rollback): what it did. */
export const RolloutPhaseRecord = z.object({
  state: z.enum(["pending", "running", "succeeded", "failed"]),
  finished_at: z.string().optional(),
  /** prepare: the target's Mist ids sites are moved to. */
  ids: z.record(z.string(), z.string()).optional(),
  /** prepare: the other versions' site groups a moved site leaves. */
  retired_sitegroup_ids: z.array(z.string()).optional(),
  /** cleanup and rollback: what was deleted, and what stayed (and why). */
  deleted: z.array(z.string()).optional(),
  kept: z.array(z.string()).optional(),
  note: z.string().optional(),
});
export type RolloutPhaseRecord = z.infer<typeof RolloutPhaseRecord>;

/** What `GET /v1/rollouts/:id` answers. */
export const RolloutView = z.object({
  id: z.string(),
  blueprint: z.string(),
  org_id: z.string(),
  target_version: z.number().int(),
  status: RolloutStatus,
  generation: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  request: RolloutRequestFields.omit({ dry_run: true }),
  plan: RolloutPlan,
  halt: RolloutHalt.nullable(),
  prepare: RolloutPhaseRecord,
  waves: z.array(RolloutWavePlan.extend(RolloutWaveRecord.shape)),
  cleanup: RolloutPhaseRecord,
  rollback: RolloutPhaseRecord.nullable(),
  sites: z.array(RolloutSiteRecord),
  summary: z.object({ sites: z.number().int(), moved: z.number().int(), failed: z.number().int() }),
});
export type RolloutView = z.infer<typeof RolloutView>;

export const RolloutSummary = RolloutView.pick({
  id: true,
  blueprint: true,
  org_id: true,
  target_version: true,
  status: true,
  created_at: true,
  updated_at: true,
  summary: true,
});
export type RolloutSummary = z.infer<typeof RolloutSummary>;
