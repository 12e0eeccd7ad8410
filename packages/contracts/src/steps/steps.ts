/**
 * The Day-1 deployment DAG, declared once. Edges say "prerequisite → dependant".
 * Queues, the flow builder, workers and the status view all derive from this table.
 */
/**
 * `day2` runs what comes after a deployment: the SLE assurance step, canary firmware waves and
 * PSK rotations. It is a domain like the others so it gets its own queue, process and scaling.
 */
export const DOMAINS = ["sites", "inventory", "wan", "wired", "wireless", "orchestration", "day2"] as const;
export type Domain = (typeof DOMAINS)[number];

export const STEP_IDS = [
  "s01",
  "s02",
  "s03",
  "s04",
  "s05",
  "s06",
  "s07",
  "s08",
  "s09",
  "s10",
  "s11",
  "s12",
  "s13",
  "final",
  "assure",
] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface StepDefinition {
  id: StepId;
  /** Job name, kebab verb-noun, unique across queues. */
  name: string;
  title: string;
  domain: Domain;
  /** Steps that must have succeeded before this one may start. */
  after: readonly StepId[];
}

export const STEPS: Readonly<Record<StepId, StepDefinition>> = {
  s01: {
    id: "s01",
    name: "create-site",
    title: "Site, IP plan and site variables",
    domain: "sites",
    after: [],
  },
  s02: {
    id: "s02",
    name: "assign-devices",
    title: "Claim and assign devices",
    domain: "inventory",
    after: ["s01"],
  },
  s03: { id: "s03", name: "ensure-applications", title: "Applications", domain: "wan", after: [] },
  s04: { id: "s04", name: "ensure-networks", title: "LAN networks", domain: "wired", after: [] },
  s05: { id: "s05", name: "ensure-hub-profiles", title: "Hub profiles", domain: "wan", after: ["s03"] },
  s06: {
    id: "s06",
    name: "ensure-gateway-template",
    title: "Gateway template",
    domain: "wan",
    after: ["s05"],
  },
  s07: {
    id: "s07",
    name: "ensure-switch-template",
    title: "Switch template",
    domain: "wired",
    after: ["s04"],
  },
  s08: {
    id: "s08",
    name: "ensure-wlan-template",
    title: "WLAN template",
    domain: "wireless",
    after: [],
  },
  s09: { id: "s09", name: "ensure-rf-template", title: "RF template", domain: "wireless", after: ["s08"] },
  s10: { id: "s10", name: "ensure-wlans", title: "WLANs", domain: "wireless", after: ["s09"] },
  s11: { id: "s11", name: "ensure-labels", title: "Labels (wxtags)", domain: "wireless", after: ["s10"] },
  s12: {
    id: "s12",
    name: "ensure-wlan-policies",
    title: "WLAN policies (wxrules)",
    domain: "wireless",
    after: ["s11"],
  },
  s13: { id: "s13", name: "ensure-psks", title: "Org PSKs", domain: "wireless", after: ["s12"] },
  final: {
    id: "final",
    name: "bind-templates",
    title: "Late binding of templates to the site",
    domain: "orchestration",
    after: ["s01", "s06", "s07", "s09"],
  },
  /**
   * Optional: a deployment without it (no devices, or `assurance.enabled: false`) records the
   * step as `skipped` and has no job for it.
   */
  assure: {
    id: "assure",
    name: "assure-site",
    title: "SLE assurance over the soak window",
    domain: "day2",
    after: ["final"],
  },
};

export const isStepId = (value: unknown): value is StepId =>
  typeof value === "string" && (STEP_IDS as readonly string[]).includes(value);
