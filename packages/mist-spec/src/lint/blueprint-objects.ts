import type { Blueprint } from "@mistflow/contracts";
import {
  desiredApplications,
  desiredHubProfiles,
  desiredLabels,
  desiredNetworks,
  desiredWlanPolicies,
  desiredWlans,
  desiredWlanTemplate,
} from "@mistflow/desired-state";

/** Stands for the ids the workers learn only at run time (template, site group, WLAN, wxtag). */
export const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

/** One body a worker will send, where it came from in the blueprint, and which operation takes it. */
export interface LintedBody {
  /** Blueprint path of the object, e.g. `blueprint.wlans[0]`. */
  path: string;
  operationId: string;
  body: Record<string, unknown>;
  /** Body field → the blueprint field it was made from (`src_wxtags` ← `src_labels`). */
  renamed?: Readonly<Record<string, string>>;
}

/** Blueprint object kinds and the operation that creates them (the spec's operationIds). */
export const BLUEPRINT_OPERATIONS = {
  applications: "createOrgService",
  networks: "createOrgNetwork",
  hub_profiles: "createOrgDeviceProfile",
  gateway_template: "createOrgGatewayTemplate",
  switch_template: "createOrgNetworkTemplate",
  wlan_template: "createOrgTemplate",
  rf_template: "createOrgRfTemplate",
  wlans: "createOrgWlan",
  labels: "createOrgWxTag",
  wlan_policies: "createOrgWxRule",
  psks: "createOrgPsk",
} as const satisfies Record<string, string>;

export type BlueprintObjectKind = keyof typeof BLUEPRINT_OPERATIONS;

const list = (
  kind: BlueprintObjectKind,
  bodies: Record<string, unknown>[],
  renamed?: (i: number) => Record<string, string>,
): LintedBody[] =>
  bodies.map((body, i) => ({
    path: `blueprint.${kind}[${i}]`,
    operationId: BLUEPRINT_OPERATIONS[kind],
    body,
    ...(renamed ? { renamed: renamed(i) } : {}),
  }));

const single = (kind: BlueprintObjectKind, body: Record<string, unknown> | undefined): LintedBody[] =>
  body ? [{ path: `blueprint.${kind}`, operationId: BLUEPRINT_OPERATIONS[kind], body }] : [];

/**
 * The create bodies steps 3-13 send, built by the same desired-state functions the workers' object
 * sets use (@mistflow/desired-state), with placeholders for run-time ids. A PSK's passphrase is a
 * placeholder of the configured length: the real one never leaves the workers.
 */
export function blueprintBodies(bp: Blueprint): LintedBody[] {
  return [
    ...list("applications", desiredApplications(bp)),
    ...list("networks", desiredNetworks(bp)),
    ...list("hub_profiles", desiredHubProfiles(bp)),
    ...single("gateway_template", bp.gateway_template),
    ...single("switch_template", bp.switch_template),
    ...single("wlan_template", desiredWlanTemplate(bp, PLACEHOLDER_ID)),
    ...single("rf_template", bp.rf_template),
    ...list("wlans", desiredWlans(bp, PLACEHOLDER_ID)),
    ...list(
      "labels",
      desiredLabels(bp, () => PLACEHOLDER_ID),
      (i): Record<string, string> => (bp.labels[i]?.wlan_ssids ? { values: "wlan_ssids" } : {}),
    ),
    ...list(
      "wlan_policies",
      desiredWlanPolicies(bp, PLACEHOLDER_ID, () => PLACEHOLDER_ID),
      () => ({
        src_wxtags: "src_labels",
        dst_allow_wxtags: "dst_allow_labels",
        dst_deny_wxtags: "dst_deny_labels",
      }),
    ),
    ...list(
      "psks",
      bp.psks.map((psk) => ({
        ...psk,
        passphrase: "x".repeat("generate" in psk.passphrase ? psk.passphrase.length : 24),
      })),
    ),
  ];
}
