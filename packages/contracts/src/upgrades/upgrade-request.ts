import { z } from "zod";
import { SLE_METRICS, SleMetric } from "../assurance";

export const UPGRADE_DEVICE_TYPES = ["ap", "switch", "gateway"] as const;
export const UpgradeDeviceType = z.enum(UPGRADE_DEVICE_TYPES);
export type UpgradeDeviceType = z.infer<typeof UpgradeDeviceType>;

/** The guard compares the same SLEs, by the same roll-up names, as the assurance step. */
export const UPGRADE_SLE_METRICS = SLE_METRICS;
export const UpgradeSleMetric = SleMetric;
export type UpgradeSleMetric = SleMetric;

/** The SLE gate between two waves: each site is judged against its own baseline before the wave. */
export const SleGuard = z.strictObject({
  /** Largest allowed fall of a metric (fraction 0..1, absolute: 0.05 = 5 points) per site. */
  max_drop: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
  /** Default: every metric the site reports. */
  metrics: z.array(UpgradeSleMetric).min(1).optional(),
  /** Seconds of history before a wave that form its baseline. */
  baseline_seconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(3_600),
});
export type SleGuard = z.infer<typeof SleGuard>;

/** Both kinds of waves (firmware, blueprint) are gated alike: these defaults are shared. */
export const SleGuardOrDefault = SleGuard.default({ max_drop: 0.05, baseline_seconds: 3_600 });
/** Seconds to watch SLEs after a wave's change is in, before judging it. */
export const SoakSeconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400)
  .default(600);

/**
 * One wave, as a cumulative target: `devices` upgrades that many devices of the first site (the
 * canary device); `sites` and `percent` bring the number of finished sites up to that count or share
 * (rounded up). A wave that adds nothing to the one before is dropped from the plan.
 */
export const UpgradeWave = z.union([
  z.strictObject({ devices: z.number().int().min(1, "must be at least 1").max(100) }),
  z.strictObject({ sites: z.number().int().min(1, "must be at least 1").max(10_000) }),
  z.strictObject({
    percent: z.number().gt(0, "must be above 0").max(100, "must be at most 100"),
  }),
]);
export type UpgradeWave = z.infer<typeof UpgradeWave>;

export const DEFAULT_UPGRADE_WAVES: UpgradeWave[] = [
  { devices: 1 },
  { sites: 1 },
  { percent: 10 },
  { percent: 50 },
  { percent: 100 },
];

const waveTarget = (w: UpgradeWave): string =>
  "devices" in w ? `devices ${w.devices}` : "sites" in w ? `sites ${w.sites}` : `percent ${w.percent}`;

/** `POST /v1/upgrades` body. */
export const UpgradeRequest = z
  .strictObject({
    org_id: z.uuid({ message: "must be a Mist org id (UUID)" }),
    /** The sites to upgrade, in rollout order (the first is the canary site). */
    sites: z
      .array(z.uuid({ message: "must be a Mist site id (UUID)" }))
      .min(1)
      .max(5_000)
      .optional(),
    /** Or every site of a site group, in Mist's listing order. */
    sitegroup_id: z.uuid({ message: "must be a Mist site group id (UUID)" }).optional(),
    device_type: UpgradeDeviceType,
    /** Only devices of these models; without it, every model of the type that offers `version`. */
    models: z.array(z.string().trim().min(1).max(64)).min(1).max(50).optional(),
    /** An exact firmware version as `GET /sites/{id}/devices/versions` lists it. */
    version: z.string().trim().min(1, "is required").max(64),
    waves: z.array(UpgradeWave).min(1).max(20).default(DEFAULT_UPGRADE_WAVES),
    /** Seconds to watch SLEs after a wave's devices have finished, before judging it. */
    soak_seconds: SoakSeconds,
    /** Seconds between two looks at Mist's upgrade status while a wave's upgrades run. */
    poll_seconds: z.number().int().min(1).max(600).default(15),
    sle_guard: SleGuardOrDefault,
    /** Devices that may fail across the whole rollout; one more halts it. */
    max_failures: z.number().int().min(0).max(100_000).default(0),
    /**
     * AP upgrades only: go ahead although AP auto-upgrade is on (org-wide or at a target site),
     * which would race the canary waves (docs/preflight.md). Default: refused with 409.
     */
    override_auto_upgrade: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    if ((r.sites === undefined) === (r.sitegroup_id === undefined)) {
      ctx.addIssue({ code: "custom", path: ["sites"], message: "send either sites or sitegroup_id" });
    }
    if (r.sites && new Set(r.sites).size !== r.sites.length) {
      ctx.addIssue({ code: "custom", path: ["sites"], message: "must not repeat a site" });
    }
    const last = r.waves[r.waves.length - 1];
    if (last && !("percent" in last && last.percent === 100)) {
      ctx.addIssue({
        code: "custom",
        path: ["waves", r.waves.length - 1],
        message: "the last wave must be { percent: 100 } so the rollout reaches every site",
      });
    }
    r.waves.forEach((w, i) => {
      if ("devices" in w && i !== 0) {
        ctx.addIssue({
          code: "custom",
          path: ["waves", i],
          message: `${waveTarget(w)}: a device canary can only be the first wave`,
        });
      }
    });
  });
export type UpgradeRequest = z.infer<typeof UpgradeRequest>;
export type UpgradeRequestInput = z.input<typeof UpgradeRequest>;

/** Job data of one wave: never site data or tokens, only where to find the record. */
export const UpgradeWaveJobData = z.strictObject({
  upgrade_id: z.string().regex(/^upg-[0-9a-f]{24}$/),
  /** 1-based wave number. */
  wave: z.number().int().min(1),
  /** Bumped by every resume: jobs of an older generation find the record moved on and stop. */
  generation: z.number().int().min(0),
});
export type UpgradeWaveJobData = z.infer<typeof UpgradeWaveJobData>;
