import type { Blueprint, StepId } from "@mistflow/contracts";
import type { OrgObjectKind } from "@mistflow/mist-client";
import { byName, wlanIdentity, wlanPolicyIdentity } from "../bodies/identity";
import {
  desiredApplications,
  desiredHubProfiles,
  desiredLabels,
  desiredNetworks,
  desiredPsks,
  desiredSitegroup,
  desiredWlanPolicies,
  desiredWlans,
  desiredWlanTemplate,
  HUB_PROFILE_QUERY,
} from "../bodies/org-objects";

type Body = Record<string, unknown>;

/**
 * The ids an object set's bodies refer to, made by a set before it. The workers answer from what
 * the earlier steps recorded; the dry run answers with the id Mist has, or a placeholder for an
 * object it would create.
 */
export interface ObjectRefs {
  sitegroupId(): string;
  wlanTemplateId(): string;
  /** One WLAN id per SSID; several while a rollout keeps an old version's WLAN matched too. */
  wlanId(ssid: string, label: string): string | readonly string[];
  labelId(name: string): string;
}
export type ObjectRef = keyof ObjectRefs;

/**
 * How a step records a set's ids in its `mist_ids`: one field for a template late binding puts on
 * the site, else one `<prefix>:<key>` entry per object.
 */
export type IdRecord = { field: string } | { prefix: string; key: (o: Body) => string };

/** One kind of org-level object a step ensures: what it sends, how it is found again, and where. */
export interface ObjectSet {
  step: StepId;
  /** What a plan calls one of them; also the unit a rollout versions. */
  label: string;
  kind: OrgObjectKind;
  /** For step notes: "3 applications: 1 created…". */
  noun: string;
  /** The bodies the step sends, in blueprint order; empty when the blueprint defines none. */
  desired: (bp: Blueprint, refs: ObjectRefs) => Body[];
  /** How an object is found again: Mist enforces no uniqueness, so this is ours. */
  identity: (o: Body) => string;
  /** How a plan names one to a person. */
  displayName: (o: Body) => string;
  /** A list filter some kinds need to list what the step makes. */
  listQuery?: Readonly<Record<string, string>>;
  record: IdRecord;
  /** The ref this set's ids answer for the sets after it. */
  provides?: ObjectRef;
  /** The refs its bodies use: the sets providing them come first. */
  uses: readonly ObjectRef[];
}

const named = (prefix: string): IdRecord => ({ prefix, key: byName });
const one = (body: Body | undefined): Body[] => (body ? [body] : []);
const template = (
  step: StepId,
  label: string,
  kind: OrgObjectKind,
  field: string,
  pick: (bp: Blueprint) => Body | undefined,
): ObjectSet => ({
  step,
  label,
  kind,
  noun: kind,
  desired: (bp) => one(pick(bp)),
  identity: byName,
  displayName: byName,
  record: { field },
  uses: [],
});

/**
 * Steps 3-13, declared once: the workers' object steps, the dry run and the rollout planner all
 * read this table, so what a plan says a step would do is what the step does. In step order, and
 * within a step in the order its sets run (the site group before the WLAN template that applies
 * to it).
 */
export const OBJECT_SETS: readonly ObjectSet[] = [
  {
    step: "s03",
    label: "application",
    kind: "services",
    noun: "applications",
    desired: desiredApplications,
    identity: byName,
    displayName: byName,
    record: named("service"),
    uses: [],
  },
  {
    step: "s04",
    label: "network",
    kind: "networks",
    noun: "networks",
    desired: desiredNetworks,
    identity: byName,
    displayName: byName,
    record: named("network"),
    uses: [],
  },
  {
    step: "s05",
    label: "hub_profile",
    kind: "deviceprofiles",
    noun: "hub profiles",
    desired: desiredHubProfiles,
    identity: byName,
    displayName: byName,
    listQuery: HUB_PROFILE_QUERY,
    record: named("hub_profile"),
    uses: [],
  },
  template("s06", "gateway_template", "gatewaytemplates", "gatewaytemplate_id", (bp) => bp.gateway_template),
  template("s07", "switch_template", "networktemplates", "networktemplate_id", (bp) => bp.switch_template),
  {
    step: "s08",
    label: "sitegroup",
    kind: "sitegroups",
    noun: "site groups",
    // Only a WLAN template needs one: it applies to the group, and a site joins the group.
    desired: (bp) => (bp.wlan_template ? [desiredSitegroup(bp)] : []),
    identity: byName,
    displayName: byName,
    record: { field: "sitegroup_id" },
    provides: "sitegroupId",
    uses: [],
  },
  {
    step: "s08",
    label: "wlan_template",
    kind: "templates",
    noun: "templates",
    desired: (bp, refs) => (bp.wlan_template ? one(desiredWlanTemplate(bp, refs.sitegroupId())) : []),
    identity: byName,
    displayName: byName,
    record: { field: "wlantemplate_id" },
    provides: "wlanTemplateId",
    uses: ["sitegroupId"],
  },
  template("s09", "rf_template", "rftemplates", "rftemplate_id", (bp) => bp.rf_template),
  {
    step: "s10",
    label: "wlan",
    kind: "wlans",
    noun: "WLANs",
    desired: (bp, refs) => (bp.wlans.length === 0 ? [] : desiredWlans(bp, refs.wlanTemplateId())),
    identity: wlanIdentity,
    displayName: (o) => String(o.ssid),
    record: { prefix: "wlan", key: (o) => String(o.ssid) },
    provides: "wlanId",
    uses: ["wlanTemplateId"],
  },
  {
    step: "s11",
    label: "label",
    kind: "wxtags",
    noun: "labels",
    desired: (bp, refs) => desiredLabels(bp, refs.wlanId),
    identity: byName,
    displayName: byName,
    record: named("wxtag"),
    provides: "labelId",
    uses: ["wlanId"],
  },
  {
    step: "s12",
    label: "wlan_policy",
    kind: "wxrules",
    noun: "WLAN policies",
    desired: (bp, refs) =>
      bp.wlan_policies.length === 0 ? [] : desiredWlanPolicies(bp, refs.wlanTemplateId(), refs.labelId),
    // wxrules have no name in Mist: the blueprint owns their template and order.
    identity: wlanPolicyIdentity,
    displayName: (o) => `order ${String(o.order)}`,
    record: { prefix: "wxrule", key: (o) => String(o.order) },
    uses: ["wlanTemplateId", "labelId"],
  },
  {
    step: "s13",
    label: "psk",
    kind: "psks",
    noun: "PSKs",
    desired: desiredPsks,
    identity: byName,
    displayName: byName,
    record: named("psk"),
    uses: [],
  },
];

/** The sets one step ensures, in the order it runs them. */
export const objectSetsOf = (step: StepId): readonly ObjectSet[] =>
  OBJECT_SETS.filter((s) => s.step === step);

/** The steps that ensure org objects (3-13), in an order that honours every dependency between them. */
export const OBJECT_STEPS: readonly StepId[] = [...new Set(OBJECT_SETS.map((s) => s.step))];

/** The set whose ids answer `ref`. */
export function providerOf(ref: ObjectRef): ObjectSet {
  const set = OBJECT_SETS.find((s) => s.provides === ref);
  if (!set) throw new Error(`no object set provides ${ref}`);
  return set;
}

/** The set a plan label names, e.g. `wlan_template`. */
export const objectSetByLabel = (label: string): ObjectSet | undefined =>
  OBJECT_SETS.find((s) => s.label === label);

/**
 * The key an id is recorded under in its step's `mist_ids`: the single field of a template, else
 * `<prefix>:<key>` (an SSID, a label's name).
 */
export const recordKey = (set: ObjectSet, key: string): string =>
  "field" in set.record ? set.record.field : `${set.record.prefix}:${key}`;

const recordKeyOfObject = (set: ObjectSet, o: Body): string =>
  recordKey(set, "field" in set.record ? "" : set.record.key(o));

/**
 * What a step records for a set: its objects' ids under their record keys, from the ids by
 * identity. Objects without an id are left out.
 */
export function recordIds(
  set: ObjectSet,
  desired: readonly Body[],
  idByIdentity: ReadonlyMap<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of desired) {
    const id = idByIdentity.get(set.identity(d));
    if (id) out[recordKeyOfObject(set, d)] = id;
  }
  return out;
}

/**
 * ObjectRefs from one lookup: the id the providing set recorded under `key` (see `recordKey`).
 * What to do when there is none is the caller's: a worker fails the step, a plan shows a
 * placeholder.
 */
export function refsFrom(lookup: (provider: ObjectSet, key: string) => string): ObjectRefs {
  const resolver = (ref: ObjectRef) => {
    const set = providerOf(ref);
    return (key = "") => lookup(set, recordKey(set, key));
  };
  const single = (ref: ObjectRef) => {
    const resolve = resolver(ref);
    return () => resolve();
  };
  return {
    sitegroupId: single("sitegroupId"),
    wlanTemplateId: single("wlanTemplateId"),
    wlanId: resolver("wlanId"),
    labelId: resolver("labelId"),
  };
}

/**
 * The first object per identity: Mist lists oldest first, and when a person already made
 * duplicates by hand the oldest is the one other objects reference. The workers pick it to update
 * and the dry run compares with it.
 */
export function firstByIdentity<T extends Body>(
  objects: readonly T[],
  identity: (o: Body) => string,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const o of objects) if (!out.has(identity(o))) out.set(identity(o), o);
  return out;
}
