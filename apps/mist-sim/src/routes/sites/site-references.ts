import { invalidField } from "../../errors";
import type { OrgState } from "../../state/org-state";
import type { CollectionKind, JsonObject } from "../../state/types";

// Only references to objects the simulator stores can be checked; the rest are accepted as sent.
const CHECKED: Array<[field: string, kind: CollectionKind]> = [
  ["gatewaytemplate_id", "gatewaytemplates"],
  ["networktemplate_id", "networktemplates"],
  ["rftemplate_id", "rftemplates"],
];

/**
 * Reject bindings to templates or site groups that do not exist in this org, on create and update
 * alike (both take the `site` schema). **Assumed**: Mist's behaviour is not documented; the 400 uses
 * its documented field-error shape (`invalid field: <field>`), and failing loudly catches
 * orchestrator bugs that a silent accept would hide.
 */
export function assertSiteReferences(org: OrgState, body: JsonObject): void {
  for (const [field, kind] of CHECKED) {
    const id = body[field];
    if (typeof id === "string" && !org.collection(kind).get(id)) {
      throw invalidField(field, `${kind} object ${id} not found in org`);
    }
  }
  const groups = body.sitegroup_ids;
  if (Array.isArray(groups)) {
    for (const id of groups) {
      if (typeof id === "string" && !org.collection("sitegroups").get(id)) {
        throw invalidField("sitegroup_ids", `sitegroup ${id} not found in org`);
      }
    }
    if (new Set(groups).size !== groups.length)
      throw invalidField("sitegroup_ids", "contains duplicate uuids");
  }
}
