import type { OrgState } from "../../state/org-state";
import { type JsonObject, READ_ONLY_FIELDS, type SiteSetting } from "../../state/types";

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Later layers win; maps such as `networks` or `port_usages` are merged one level deep. */
function overlay(base: JsonObject, layer: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? { ...prev, ...value } : value;
  }
  return out;
}

// Identity fields of a template are not configuration and must not leak into the derived setting.
const TEMPLATE_IDENTITY = new Set<string>([...READ_ONLY_FIELDS, "name", "type"]);

function templateConfig(template: JsonObject | undefined): JsonObject {
  if (!template) return {};
  return Object.fromEntries(Object.entries(template).filter(([k]) => !TEMPLATE_IDENTITY.has(k)));
}

/**
 * `GET /sites/{id}/setting/derived`: "merging the Org level templates (network templates, gateway
 * templates) and the Site level configuration … the Site level one is used" (spec). The exact merge
 * depth is not documented; we overlay gateway template, then network template, then the setting.
 */
export function deriveSetting(org: OrgState, site: JsonObject, setting: SiteSetting): JsonObject {
  const gateway = typeof site.gatewaytemplate_id === "string" ? site.gatewaytemplate_id : undefined;
  const network = typeof site.networktemplate_id === "string" ? site.networktemplate_id : undefined;
  let derived: JsonObject = {};
  if (gateway) derived = overlay(derived, templateConfig(org.collection("gatewaytemplates").get(gateway)));
  if (network) derived = overlay(derived, templateConfig(org.collection("networktemplates").get(network)));
  return overlay(derived, setting);
}
