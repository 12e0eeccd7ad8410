import { DecommissionPlan, DeploymentView } from "@mistflow/contracts";
import { z } from "zod";

/**
 * Answers the handlers build inline, described here for the document. Request bodies and the
 * deployment view come from `@mistflow/contracts`, where the handlers take them from.
 */
/** A blueprint lint finding: its JSON path in the blueprint (docs/blueprint-lint.md). */
const LintIssue = z.object({ path: z.string(), message: z.string() });

export const ErrorBody = z.object({
  error: z
    .string()
    .describe("machine-readable code, e.g. validation_failed, blueprint_lint_failed, not_found, unavailable"),
  message: z.string(),
  issues: z
    .array(
      z.object({
        field: z.string(),
        message: z.string(),
        path: z.string().optional().describe("blueprint lint: the JSON path in the blueprint"),
      }),
    )
    .optional(),
  lint_warnings: z
    .array(LintIssue)
    .optional()
    .describe("blueprint lint: unknown properties, beside its errors"),
});

export const DeploymentSummary = DeploymentView.pick({
  id: true,
  status: true,
  org_id: true,
  site_name: true,
  blueprint: true,
  idempotency_key: true,
  created_at: true,
}).extend({
  location: z.string(),
  lint_warnings: z
    .array(LintIssue)
    .optional()
    .describe("properties of the blueprint Mist's schemas do not know, each with the closest known name"),
});

export const LegacyDeployAnswer = DeploymentSummary.extend({
  job_id: z.string().describe("the deployment id, under the older API's name"),
});

export const Health = z.object({ ok: z.boolean() });
export const Readiness = z.object({ ok: z.boolean(), redis: z.enum(["up", "down"]) });

const Budget = z.object({
  used: z.number(),
  budget: z.number(),
  coolingDownForMs: z.number().optional(),
});

const PreflightStatus = z.enum(["ok", "warning", "fail"]);
const SiteRef = z.object({ site_id: z.string(), site_name: z.string() });
const Domains = z.object({ wireless: z.boolean(), wired: z.boolean(), wan: z.boolean() });

/** docs/preflight.md: what each item reads and how to fix it. */
const Preflight = z
  .object({
    ok: z.boolean().describe("false when any item failed"),
    token: z.object({
      status: PreflightStatus,
      reason: z.string(),
      alias: z.string().nullable(),
      kind: z.enum(["org", "user"]).nullable(),
      role: z.string().nullable(),
    }),
    source_ip: z.object({
      status: PreflightStatus,
      reason: z.string(),
      enforced: z.boolean().nullable(),
      src_ips: z.array(z.string()),
      this_host_passes: z.boolean().nullable(),
    }),
    auto_upgrade: z.object({
      status: PreflightStatus,
      reason: z.string(),
      org_wide: z.boolean(),
      sites: z.array(SiteRef),
    }),
    marvis: z.object({
      status: PreflightStatus,
      reason: z.string(),
      self_driving: Domains,
      recent_actions: z.number().int(),
      window_days: z.number().int(),
      sites: z.array(SiteRef.extend({ actions: z.number().int() })),
    }),
  })
  .describe("pre-flight of the org: token, source-IP policy, AP auto-upgrade, Marvis self-driving");

export const ProbeReport = z.object({
  org_id: z.string(),
  ok: z.boolean(),
  tokens: z.array(
    z.object({
      alias: z.string().describe("the token's alias; the token itself is never shown"),
      ok: z.boolean(),
      kind: z.enum(["org", "user"]).optional(),
      role: z.string().nullable().optional(),
      problem: z.string().optional(),
      forbidden: z.boolean().optional().describe("Mist answered 403: a source-address policy"),
      mist_usage: z
        .object({ requests: z.number(), request_limit: z.number(), seconds: z.number() })
        .optional(),
      budget: z.looseObject(Budget.shape).optional(),
    }),
  ),
  preflight: Preflight,
});

export const IpamZoneUsage = z.object({
  code: z.string(),
  name: z.string(),
  block: z.string(),
  capacity: z.number().int(),
  used: z.number().int(),
  free: z.number().int(),
});

export const IpamSitePlan = z.object({
  site: z.union([z.string(), z.number()]).optional(),
  region: z.string().optional(),
  scheme: z.literal("legacy").optional(),
  zone: z.number().optional(),
  allocated: z.boolean().optional().describe("false: nothing is allocated; this is what the site would get"),
  index: z.number().int().optional(),
  block: z.string(),
  vars: z.record(z.string(), z.string()).describe("the Mist site variables of the plan"),
  plan: z.looseObject({}),
});

export const IpamAllocation = z.object({ siteName: z.string(), index: z.number().int(), block: z.string() });

export const IpamRelease = z.object({ site: z.string(), released: z.literal(true) });

export const WebhookAnswer = z.looseObject({
  status: z.enum(["accepted", "duplicate", "ignored"]),
  source: z.string().optional(),
  ticket: z.string().optional(),
  reason: z.string().optional(),
  deployment: DeploymentSummary.optional(),
});

export const CancelAnswer = DeploymentSummary.extend({
  removed_jobs: z.number().int().describe("queued step jobs removed"),
});

export const UpgradeSummary = z.object({
  id: z.string(),
  org_id: z.string(),
  status: z.string(),
  current_wave: z.number().int(),
  waves: z.number().int(),
  halt: z.looseObject({}).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** The whole upgrade record: request, waves, per-site Mist upgrades and devices, summary. */
export const UpgradeView = z.looseObject({
  id: z.string(),
  org_id: z.string(),
  status: z.string(),
  generation: z.number().int(),
  current_wave: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  halt: z.looseObject({}).nullable(),
  request: z.looseObject({}),
  waves: z.array(z.looseObject({})),
  sites: z.record(z.string(), z.looseObject({})),
  summary: z.object({
    devices: z.number().int(),
    upgraded: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    in_progress: z.number().int(),
  }),
});

export const PskScheduleView = z.looseObject({
  id: z.string(),
  org_id: z.string().optional(),
  psk_names: z.array(z.string()).optional(),
  cron: z.string().optional(),
  tz: z.string().optional(),
  every_s: z.number().optional(),
  iterations: z.number().int(),
  next_run_at: z.string().optional(),
});

export const PskScheduleRemoved = z.object({ id: z.string(), removed: z.literal(true) });

export const DecommissionSummary = z.object({
  id: z.string(),
  status: z.string(),
  site_id: z.string(),
  site_name: z.string(),
  org_id: z.string(),
  deployment_id: z.string(),
  quarantine_until: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const DecommissionDryRun = z.object({ dry_run: z.literal(true), plan: DecommissionPlan });

export const ImportSummary = z.object({
  id: z.string(),
  org_id: z.string(),
  created_at: z.string(),
  blueprints: z.array(z.string()),
  sites: z.number().int(),
  warnings: z.number().int(),
});
