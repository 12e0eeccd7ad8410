import type { Blueprint } from "@mistflow/contracts";
import { OBJECT_SETS, type ObjectRefs } from "@mistflow/desired-state";

/** Stands for the ids the workers learn only at run time (template, site group, WLAN, wxtag). */
export const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

type Body = Record<string, unknown>;

/** One body a worker will send, where it came from in the blueprint, and which operation takes it. */
export interface LintedBody {
  /** Blueprint path of the object, e.g. `blueprint.wlans[0]`. */
  path: string;
  operationId: string;
  body: Body;
  /** Body field → the blueprint field it was made from (`src_wxtags` ← `src_labels`). */
  renamed?: Readonly<Record<string, string>>;
}

/** How one object set's bodies are linted: the spec operation that creates them, and where they are written. */
interface LintTarget {
  operationId: string;
  /** The blueprint field the bodies come from. */
  field: string;
  /** One object (`blueprint.rf_template`), not a list (`blueprint.wlans[0]`). */
  single?: true;
  renamed?: (bp: Blueprint, index: number) => Record<string, string>;
  /** What the body gets before it is sent that the object set does not make. */
  complete?: (body: Body, bp: Blueprint, index: number) => Body;
}

/**
 * Every object set of the workers' table (@mistflow/desired-state `OBJECT_SETS`), by its label:
 * the operation (the spec's operationId) and blueprint field, or null for a set with nothing the
 * author wrote in it. A set added to the table without an entry here fails the lint's tests.
 */
export const LINT_TARGETS: Readonly<Record<string, LintTarget | null>> = {
  application: { operationId: "createOrgService", field: "applications" },
  network: { operationId: "createOrgNetwork", field: "networks" },
  hub_profile: { operationId: "createOrgDeviceProfile", field: "hub_profiles" },
  gateway_template: { operationId: "createOrgGatewayTemplate", field: "gateway_template", single: true },
  switch_template: { operationId: "createOrgNetworkTemplate", field: "switch_template", single: true },
  // Named by mistflow after the blueprint: nothing in it comes from the author.
  sitegroup: null,
  wlan_template: { operationId: "createOrgTemplate", field: "wlan_template", single: true },
  rf_template: { operationId: "createOrgRfTemplate", field: "rf_template", single: true },
  wlan: { operationId: "createOrgWlan", field: "wlans" },
  label: {
    operationId: "createOrgWxTag",
    field: "labels",
    renamed: (bp, i): Record<string, string> => (bp.labels[i]?.wlan_ssids ? { values: "wlan_ssids" } : {}),
  },
  wlan_policy: {
    operationId: "createOrgWxRule",
    field: "wlan_policies",
    renamed: () => ({
      src_wxtags: "src_labels",
      dst_allow_wxtags: "dst_allow_labels",
      dst_deny_wxtags: "dst_deny_labels",
    }),
  },
  psk: {
    operationId: "createOrgPsk",
    field: "psks",
    // The real passphrase never leaves the workers: a placeholder of the configured length.
    complete: (body, bp, i) => {
      const spec = bp.psks[i]?.passphrase;
      return { ...body, passphrase: "x".repeat(spec && "generate" in spec ? spec.length : 24) };
    },
  },
};

/** The operations whose request schemas the lint needs. */
export const BLUEPRINT_OPERATIONS: readonly string[] = Object.values(LINT_TARGETS).flatMap((t) =>
  t ? [t.operationId] : [],
);

const PLACEHOLDER_REFS: ObjectRefs = {
  sitegroupId: () => PLACEHOLDER_ID,
  wlanTemplateId: () => PLACEHOLDER_ID,
  wlanId: () => PLACEHOLDER_ID,
  labelId: () => PLACEHOLDER_ID,
};

/**
 * The create bodies steps 3-13 send, made by the workers' own object sets with placeholders for
 * run-time ids, so the lint checks exactly what the steps will send.
 */
export function blueprintBodies(bp: Blueprint): LintedBody[] {
  return OBJECT_SETS.flatMap((set) => {
    const target = LINT_TARGETS[set.label];
    if (target === undefined) throw new Error(`object set ${set.label} has no lint target`);
    if (target === null) return [];
    return set.desired(bp, PLACEHOLDER_REFS).map((body, i) => ({
      path: target.single ? `blueprint.${target.field}` : `blueprint.${target.field}[${i}]`,
      operationId: target.operationId,
      body: target.complete ? target.complete(body, bp, i) : body,
      ...(target.renamed ? { renamed: target.renamed(bp, i) } : {}),
    }));
  });
}
