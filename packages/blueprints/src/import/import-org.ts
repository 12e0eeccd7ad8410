import { Blueprint } from "@mistflow/contracts";
import { stringify as toYaml } from "yaml";
import { type MistObject, type OrgSnapshot, withoutServerFields } from "./org-snapshot";

type Body = Record<string, unknown>;

/** A site of the org as an import sees it, ready to become an adoption. */
export interface ImportedSite {
  id: string;
  name: string;
  /** The site's own variables (`GET /sites/{id}/setting`). */
  vars: Record<string, string>;
  address?: string;
  timezone?: string;
  country_code?: string;
}

export interface ImportedBlueprint {
  blueprint: Blueprint;
  yaml: string;
  /** The Mist templates that make up the family, by kind: names. */
  templates: { gateway?: string; switch?: string; rf?: string; wlan?: string };
  sites: ImportedSite[];
}

export interface ImportOptions {
  /**
   * Merge templates that differ only in values (per-site copies made by hand) into one, their
   * differing values becoming site variables. Off by default: a merged family's sites are then
   * bound to one template, which the plan shows as changes until it is rolled out.
   */
  mergeLookAlikes?: boolean;
}

export interface OrgImport {
  org_id: string;
  blueprints: ImportedBlueprint[];
  /** Sites bound to no template at all: nothing to import them into. */
  unbound_sites: ImportedSite[];
  warnings: string[];
}

/** Auth fields that hold secrets: never read into a blueprint. */
const SECRET_KEYS = new Set([
  "psk",
  "passphrase",
  "old_passphrase",
  "secret",
  "password",
  "keys",
  "wep_keys",
]);

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** kebab-case, as blueprint names must be. */
export function blueprintSlug(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 56);
  return /^[a-z0-9]/.test(slug) ? slug : `imported-${slug || "family"}`.slice(0, 63);
}

/** `staff` → `PSK_STAFF`: the secret name the workers will look up for this PSK's passphrase. */
export const pskSecretName = (name: string): string =>
  `PSK_${name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")}`.slice(0, 64);

/** Every string an object holds, as a value or a key, at any depth: how templates name networks. */
function namesIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) for (const v of value) namesIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      namesIn(v, out);
    }
  }
  return out;
}

/** The object without secret fields, and the paths it dropped. */
function withoutSecrets(value: unknown, path: string, dropped: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withoutSecrets(v, `${path}[${i}]`, dropped));
  if (!value || typeof value !== "object") return value;
  const out: Body = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(k) && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0)) {
      dropped.push(`${path}.${k}`);
      continue;
    }
    out[k] = withoutSecrets(v, `${path}.${k}`, dropped);
  }
  return out;
}

/** The shape of an object with every leaf value blanked: two templates alike but for values. */
function skeleton(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(skeleton);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "name")
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, skeleton(v)]),
    );
  }
  return typeof value;
}

function leafDiffs(a: unknown, b: unknown, path = ""): string[] {
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys]
      .filter((k) => k !== "name")
      .flatMap((k) =>
        leafDiffs(
          (a as Body)[k],
          (b as Body)[k],
          Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k,
        ),
      );
  }
  return a === b ? [] : [path];
}

/** Whether a WLAN template applies to a site: by site, by one of its site groups, or org-wide. */
function appliesTo(template: MistObject, site: MistObject, orgId: string): boolean {
  const applies = (template.applies ?? {}) as Body;
  if (strings(applies.site_ids).includes(site.id)) return true;
  const groups = new Set(strings(site.sitegroup_ids));
  if (strings(applies.sitegroup_ids).some((g) => groups.has(g))) return true;
  return applies.org_id === orgId;
}

const importedSite = (site: MistObject, snapshot: OrgSnapshot): ImportedSite => {
  const address = str(site.address);
  const timezone = str(site.timezone);
  const country = str(site.country_code);
  return {
    id: site.id,
    name: String(site.name),
    vars: { ...(snapshot.vars[site.id] ?? {}) },
    ...(address ? { address } : {}),
    ...(timezone ? { timezone } : {}),
    ...(country ? { country_code: country } : {}),
  };
};

interface Family {
  gateway?: MistObject;
  switchTemplate?: MistObject;
  rf?: MistObject;
  wlan?: MistObject;
  sites: MistObject[];
}

/**
 * Turns a hand-built org into blueprints, one per template family (the set of gateway, switch,
 * RF and WLAN templates a site uses), each with the org objects that family's templates use:
 * networks and applications they name, the WLAN template's WLANs, WLAN policies and the labels
 * those use, and the PSKs of its SSIDs. Pure: the caller reads the org (GETs only) and decides
 * what to write. Passphrases and other secrets are never copied; PSKs get secret names instead.
 */
export function importOrg(snapshot: OrgSnapshot, options: ImportOptions = {}): OrgImport {
  const warnings: string[] = [];
  const byId = <T extends MistObject>(list: T[]) => new Map(list.map((o) => [o.id, o]));
  const gateways = byId(snapshot.gatewaytemplates);
  const switches = byId(snapshot.networktemplates);
  const rfs = byId(snapshot.rftemplates);
  /** Per original template id: the site variables a merged template takes its values from. */
  const templateVars = new Map<string, Record<string, string>>();
  if (options.mergeLookAlikes) {
    for (const [label, prefix, map] of [
      ["gateway", "gw", gateways],
      ["switch", "sw", switches],
      ["RF", "rf", rfs],
    ] as const) {
      mergeLookAlikes(snapshot, label, prefix, map, templateVars, warnings);
    }
  }
  const varsOf = (site: MistObject): Record<string, string> => ({
    ...templateVars.get(str(site.gatewaytemplate_id) ?? ""),
    ...templateVars.get(str(site.networktemplate_id) ?? ""),
    ...templateVars.get(str(site.rftemplate_id) ?? ""),
  });

  const families = new Map<string, Family>();
  const unbound: ImportedSite[] = [];
  const extraVars = new Map<string, Record<string, string>>();
  for (const site of snapshot.sites) {
    const gateway = gateways.get(str(site.gatewaytemplate_id) ?? "");
    const switchTemplate = switches.get(str(site.networktemplate_id) ?? "");
    const rf = rfs.get(str(site.rftemplate_id) ?? "");
    const wlanTemplates = snapshot.templates.filter((t) => appliesTo(t, site, snapshot.org_id));
    if (wlanTemplates.length > 1) {
      warnings.push(
        `site ${site.name}: ${wlanTemplates.length} WLAN templates apply (${wlanTemplates.map((t) => t.name).join(", ")}); imported with the first, the others are left out`,
      );
    }
    const wlan = wlanTemplates[0];
    if (!gateway && !switchTemplate && !rf && !wlan) {
      unbound.push(importedSite(site, snapshot));
      continue;
    }
    const key = [gateway?.id, switchTemplate?.id, rf?.id, wlan?.id].map((id) => id ?? "").join("|");
    let family = families.get(key);
    if (!family) {
      family = {
        ...(gateway ? { gateway } : {}),
        ...(switchTemplate ? { switchTemplate } : {}),
        ...(rf ? { rf } : {}),
        ...(wlan ? { wlan } : {}),
        sites: [],
      };
      families.set(key, family);
    }
    family.sites.push(site);
    const extra = varsOf(site);
    if (Object.keys(extra).length > 0) extraVars.set(site.id, extra);
  }
  if (unbound.length > 0) {
    warnings.push(
      `${unbound.length} site(s) use no template (${unbound.map((s) => s.name).join(", ")}): not imported into any blueprint`,
    );
  }

  const usedNames = new Set<string>();
  const blueprints: ImportedBlueprint[] = [];
  for (const family of families.values()) {
    const imported = importFamily(snapshot, family, usedNames, warnings, extraVars);
    if (imported) blueprints.push(imported);
  }
  warnLookAlikes(snapshot, [...families.values()], warnings);
  if (snapshot.hub_profiles.length > 0) {
    warnings.push(
      `hub profiles (${snapshot.hub_profiles.map((h) => h.name).join(", ")}) are not tied to a site's templates, so no blueprint took them: add them to the blueprint of the spokes that use them`,
    );
  }
  return { org_id: snapshot.org_id, blueprints, unbound_sites: unbound, warnings };
}

function importFamily(
  snapshot: OrgSnapshot,
  family: Family,
  usedNames: Set<string>,
  warnings: string[],
  extraVars: ReadonlyMap<string, Record<string, string>>,
): ImportedBlueprint | undefined {
  const first = family.wlan ?? family.gateway ?? family.switchTemplate ?? family.rf;
  let name = blueprintSlug(String(first?.name ?? "family"));
  for (let n = 2; usedNames.has(name); n++) name = `${blueprintSlug(String(first?.name))}-${n}`;
  usedNames.add(name);
  const where = `blueprint ${name}`;
  const secrets = (label: string, value: Body): Body => {
    const dropped: string[] = [];
    const clean = withoutSecrets(value, label, dropped) as Body;
    if (dropped.length > 0) {
      warnings.push(
        `${where}: secrets left out (${dropped.join(", ")}): mistflow never copies them; keep them in Mist or in the workers' secrets`,
      );
    }
    return clean;
  };

  const bp: Body = { name, version: 1, description: `Imported from Mist org ${snapshot.org_id}` };
  const templateNames = new Set<string>();
  const take = (field: string, o: MistObject | undefined) => {
    if (!o) return;
    bp[field] = secrets(field, withoutServerFields(o));
    for (const n of namesIn(withoutServerFields(o))) templateNames.add(n);
  };
  take("gateway_template", family.gateway);
  take("switch_template", family.switchTemplate);
  take("rf_template", family.rf);
  bp.networks = snapshot.networks
    .filter((n) => templateNames.has(String(n.name)))
    .map((n) => secrets(`networks.${n.name}`, withoutServerFields(n)));
  bp.applications = snapshot.services
    .filter((s) => templateNames.has(String(s.name)))
    .map((s) => withoutServerFields(s));

  const wlan = family.wlan;
  if (wlan) {
    bp.wlan_template = secrets("wlan_template", withoutServerFields(wlan));
    const groups = strings((wlan.applies as Body | undefined)?.sitegroup_ids);
    const shared = groups.filter((g) => family.sites.every((s) => strings(s.sitegroup_ids).includes(g)));
    const group = snapshot.sitegroups.find((g) => g.id === shared[0]);
    if (group) bp.site_group = String(group.name);
    else {
      warnings.push(
        `${where}: WLAN template ${wlan.name} does not apply through one site group shared by all its sites; mistflow binds sites through site group mistflow-${name}, so its first deployment or rollout adds that group to the template`,
      );
    }
    const wlans = snapshot.wlans.filter((w) => w.template_id === wlan.id);
    const ssidOf = new Map(wlans.map((w) => [w.id, String(w.ssid)]));
    bp.wlans = wlans.map((w) => secrets(`wlans.${w.ssid}`, withoutServerFields(w)));

    const rules = snapshot.wxrules.filter((r) => r.template_id === wlan.id);
    const tagIds = new Set(
      rules.flatMap((r) => [
        ...strings(r.src_wxtags),
        ...strings(r.dst_allow_wxtags),
        ...strings(r.dst_deny_wxtags),
      ]),
    );
    const tags = snapshot.wxtags.filter(
      (t) => tagIds.has(t.id) || (t.match === "wlan_id" && strings(t.values).some((v) => ssidOf.has(v))),
    );
    const tagName = new Map(tags.map((t) => [t.id, String(t.name)]));
    bp.labels = tags.map((t) => {
      const label = withoutServerFields(t);
      if (t.match !== "wlan_id") return label;
      const { values, ...rest } = label;
      return {
        ...rest,
        wlan_ssids: strings(values).flatMap((v) => (ssidOf.has(v) ? [ssidOf.get(v) as string] : [])),
      };
    });
    const labelsOf = (ids: unknown, rule: MistObject) =>
      strings(ids).flatMap((id) => {
        const n = tagName.get(id);
        if (!n)
          warnings.push(`${where}: WLAN policy ${String(rule.order)} names unknown label id ${id}; left out`);
        return n ? [n] : [];
      });
    bp.wlan_policies = rules.map((r) => {
      const { src_wxtags, dst_allow_wxtags, dst_deny_wxtags, ...rest } = withoutServerFields(r);
      return {
        ...rest,
        src_labels: labelsOf(src_wxtags, r),
        dst_allow_labels: labelsOf(dst_allow_wxtags, r),
        dst_deny_labels: labelsOf(dst_deny_wxtags, r),
      };
    });
    const ssids = new Set(ssidOf.values());
    bp.psks = snapshot.psks
      .filter((p) => ssids.has(String(p.ssid)))
      .map((p) => {
        const dropped: string[] = [];
        const fields = withoutSecrets(withoutServerFields(p), `psks.${p.name}`, dropped) as Body;
        return { ...fields, passphrase: { secret: pskSecretName(String(p.name)) } };
      });
  }

  const parsed = Blueprint.safeParse(bp);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    warnings.push(`${where}: not importable as it stands (${issues.join("; ")}); its sites are left out`);
    return undefined;
  }
  const sites = family.sites.map((s) => {
    const site = importedSite(s, snapshot);
    // A merged template's values for this site, under the site's own variables (which win).
    return { ...site, vars: { ...extraVars.get(s.id), ...site.vars } };
  });
  const header = [
    `# Imported from Mist org ${snapshot.org_id}: the template family of ${sites.length} site(s)`,
    `# (${sites.map((s) => s.name).join(", ")}).`,
    ...((parsed.data.psks.length > 0
      ? [
          `# PSK passphrases are not here: give the workers the secrets ${parsed.data.psks.map((p) => ("secret" in p.passphrase ? p.passphrase.secret : "")).join(", ")}.`,
        ]
      : []) as string[]),
  ].join("\n");
  return {
    blueprint: parsed.data,
    yaml: `${header}\n${toYaml(bp, { lineWidth: 0 })}`,
    templates: {
      ...(family.gateway ? { gateway: String(family.gateway.name) } : {}),
      ...(family.switchTemplate ? { switch: String(family.switchTemplate.name) } : {}),
      ...(family.rf ? { rf: String(family.rf.name) } : {}),
      ...(family.wlan ? { wlan: String(family.wlan.name) } : {}),
    },
    sites,
  };
}

/**
 * Families whose templates have the same shape and differ only in values: per-site copies made by
 * hand. Merging them means turning the differing values into site variables, which the import
 * leaves to a person, with the paths to change.
 */
function warnLookAlikes(snapshot: OrgSnapshot, families: Family[], warnings: string[]): void {
  const kinds: Array<[string, (f: Family) => MistObject | undefined]> = [
    ["gateway", (f) => f.gateway],
    ["switch", (f) => f.switchTemplate],
    ["RF", (f) => f.rf],
  ];
  for (const [kind, pick] of kinds) {
    const used = [...new Map(families.flatMap((f) => (pick(f) ? [[pick(f)?.id, pick(f)]] : []))).values()];
    const byShape = new Map<string, MistObject[]>();
    for (const t of used as MistObject[]) {
      const shape = JSON.stringify(skeleton(withoutServerFields(t)));
      byShape.set(shape, [...(byShape.get(shape) ?? []), t]);
    }
    for (const group of byShape.values()) {
      if (group.length < 2) continue;
      const [a, b] = group as [MistObject, MistObject];
      const paths = leafDiffs(withoutServerFields(a), withoutServerFields(b));
      if (paths.length === 0) continue;
      warnings.push(
        `${kind} templates ${group.map((t) => t.name).join(", ")} in org ${snapshot.org_id} differ only in values (${paths.join(", ")}): make those site variables ({{var}}) to deploy them as one blueprint`,
      );
    }
  }
}

type Path = Array<string | number>;

/** Paths of the leaves where `a` and `b` differ; both have the same skeleton. */
function differingLeaves(a: unknown, b: unknown, path: Path = []): Path[] {
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = Array.isArray(a) ? a.map((_, i) => i) : Object.keys(a).filter((k) => k !== "name");
    return keys.flatMap((k) =>
      differingLeaves(
        (a as Record<string | number, unknown>)[k],
        (b as Record<string | number, unknown>)[k],
        [...path, k],
      ),
    );
  }
  return a === b ? [] : [path];
}

const at = (o: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, k) => (node as Record<string | number, unknown> | undefined)?.[k], o);

function setAt(o: unknown, path: Path, value: unknown): void {
  const parent = at(o, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = value;
}

/** `gw` + `port_config.ge-0/0/1.ip` → `gw_port_config_ge_0_0_1_ip`, as Mist variable names must be. */
export const variableFor = (prefix: string, path: Path): string =>
  `${prefix}_${path.join("_")}`
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/_$/, "")
    .slice(0, 64);

/**
 * Per-site copies of one template (same shape, different values) become one template whose
 * differing values are site variables; every copy's id then maps to that template, and each copy's
 * values are recorded as the variables of the sites bound to it. Only strings and numbers become
 * variables (Mist substitutes `{{var}}` into those); a group differing in anything else stays apart.
 */
function mergeLookAlikes(
  snapshot: OrgSnapshot,
  label: string,
  prefix: string,
  templates: Map<string, MistObject>,
  templateVars: Map<string, Record<string, string>>,
  warnings: string[],
): void {
  const used = new Set(
    snapshot.sites.flatMap((s) =>
      [s.gatewaytemplate_id, s.networktemplate_id, s.rftemplate_id].filter(
        (v): v is string => typeof v === "string",
      ),
    ),
  );
  const byShape = new Map<string, MistObject[]>();
  for (const t of templates.values()) {
    if (!used.has(t.id)) continue;
    const shape = JSON.stringify(skeleton(withoutServerFields(t)));
    byShape.set(shape, [...(byShape.get(shape) ?? []), t]);
  }
  for (const group of byShape.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const [first, ...rest] = sorted as [MistObject, ...MistObject[]];
    const base = withoutServerFields(first);
    const paths = new Map<string, Path>();
    for (const other of rest)
      for (const p of differingLeaves(base, withoutServerFields(other))) paths.set(JSON.stringify(p), p);
    if (paths.size === 0) continue;
    const mergeable = [...paths.values()].every((p) =>
      sorted.every((t) => ["string", "number"].includes(typeof at(withoutServerFields(t), p))),
    );
    if (!mergeable) continue;
    const merged = structuredClone(first) as MistObject;
    const names: string[] = [];
    for (const p of paths.values()) {
      const name = variableFor(prefix, p);
      names.push(name);
      setAt(merged, p, `{{${name}}}`);
    }
    for (const t of sorted) {
      const vars: Record<string, string> = {};
      for (const p of paths.values()) vars[variableFor(prefix, p)] = String(at(t, p));
      templateVars.set(t.id, vars);
      templates.set(t.id, merged);
    }
    warnings.push(
      `${label} templates ${sorted.map((t) => t.name).join(", ")} merged into ${String(first.name)} with site variables ${names.join(", ")}: their sites are re-bound to it by their first deployment or rollout, after which the others are unused (mistflow never deletes them)`,
    );
  }
}
