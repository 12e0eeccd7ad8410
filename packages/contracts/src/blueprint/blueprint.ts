import { z } from "zod";
import { AssuranceSettings } from "../assurance/assurance";

/**
 * A Day-1 blueprint: the org-level Mist objects (steps 3-13) shared by every site of one class.
 * Object bodies are Mist's own shapes, passed through as written (Mist adds fields faster than
 * any schema here could follow); only what the orchestrator itself relies on is checked.
 * Values may use site variables (`"{{data_vlan}}"`), which Mist resolves per site.
 */
const Named = z.looseObject({ name: z.string().trim().min(1).max(64) });

const PskPassphrase = z.union([
  z.strictObject({ generate: z.literal(true), length: z.number().int().min(8).max(63).default(24) }),
  /** Name of a secret the workers hold (env `MISTFLOW_SECRET_<NAME>` or the secrets file). */
  z.strictObject({ secret: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be an UPPER_SNAKE secret name") }),
]);

export const BlueprintPsk = z.looseObject({
  name: z.string().trim().min(1).max(32),
  ssid: z.string().min(1).max(32),
  passphrase: PskPassphrase,
});
export type BlueprintPsk = z.infer<typeof BlueprintPsk>;

export const BlueprintWlan = z.looseObject({ ssid: z.string().min(1).max(32) });

/** wxtag; `wlan_ssids` is resolved to the WLAN ids of step 10 (Mist matches `wlan_id` on ids). */
export const BlueprintLabel = z.looseObject({
  name: z.string().trim().min(1).max(64),
  type: z.enum(["match", "client", "resource", "subnet", "spec", "vlan"]),
  wlan_ssids: z.array(z.string()).optional(),
});
export type BlueprintLabel = z.infer<typeof BlueprintLabel>;

/** wxrule; labels are referenced by name and resolved to wxtag ids. Mist wxrules have no name. */
export const BlueprintWlanPolicy = z.looseObject({
  order: z.number().int().min(-1),
  action: z.enum(["allow", "block"]).default("allow"),
  src_labels: z.array(z.string()).default([]),
  dst_allow_labels: z.array(z.string()).default([]),
  dst_deny_labels: z.array(z.string()).default([]),
});
export type BlueprintWlanPolicy = z.infer<typeof BlueprintWlanPolicy>;

export const Blueprint = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be kebab-case"),
    version: z.number().int().min(1),
    description: z.string().optional(),
    applications: z.array(Named).default([]),
    networks: z.array(Named).default([]),
    hub_profiles: z.array(Named).default([]),
    gateway_template: Named.optional(),
    switch_template: Named.optional(),
    wlan_template: Named.optional(),
    /**
     * The Mist site group the WLAN template applies to, which late binding puts each site in.
     * Default `mistflow-<name>`; an imported blueprint names the group the org already uses.
     */
    site_group: z.string().trim().min(1).max(64).optional(),
    rf_template: Named.optional(),
    wlans: z.array(BlueprintWlan).default([]),
    labels: z.array(BlueprintLabel).default([]),
    wlan_policies: z.array(BlueprintWlanPolicy).default([]),
    psks: z.array(BlueprintPsk).default([]),
    /** SLE assurance after late binding for every site of this blueprint (a request may override). */
    assurance: AssuranceSettings.optional(),
  })
  .superRefine((bp, ctx) => {
    const needs = (cond: boolean, path: string, message: string) => {
      if (!cond) ctx.addIssue({ code: "custom", path: [path], message });
    };
    needs(bp.wlans.length === 0 || !!bp.wlan_template, "wlan_template", "is required when wlans are defined");
    needs(
      bp.wlan_policies.length === 0 || !!bp.wlan_template,
      "wlan_template",
      "is required when wlan_policies are defined",
    );
    const ssids = new Set(bp.wlans.map((w) => w.ssid));
    const labels = new Set(bp.labels.map((l) => l.name));
    bp.labels.forEach((l, i) => {
      for (const s of l.wlan_ssids ?? []) {
        if (!ssids.has(s))
          ctx.addIssue({ code: "custom", path: ["labels", i, "wlan_ssids"], message: `unknown ssid ${s}` });
      }
    });
    bp.wlan_policies.forEach((p, i) => {
      for (const key of ["src_labels", "dst_allow_labels", "dst_deny_labels"] as const) {
        for (const name of p[key]) {
          if (!labels.has(name))
            ctx.addIssue({
              code: "custom",
              path: ["wlan_policies", i, key],
              message: `unknown label ${name}`,
            });
        }
      }
    });
    bp.psks.forEach((p, i) => {
      if (!ssids.has(p.ssid))
        ctx.addIssue({ code: "custom", path: ["psks", i, "ssid"], message: `unknown ssid ${p.ssid}` });
    });
    for (const [key, list] of [
      ["applications", bp.applications],
      ["networks", bp.networks],
      ["hub_profiles", bp.hub_profiles],
      ["labels", bp.labels],
      ["psks", bp.psks],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((o, i) => {
        if (seen.has(o.name))
          ctx.addIssue({ code: "custom", path: [key, i, "name"], message: `duplicate name ${o.name}` });
        seen.add(o.name);
      });
    }
  });
export type Blueprint = z.infer<typeof Blueprint>;
export type BlueprintInput = z.input<typeof Blueprint>;
