import { type OpenApiDocument, setAtPointer } from "../document";

/**
 * A change Mist made after the spec copy we can read (2509.1.2): a field mistflow or its users send
 * that the older schema does not know, or a bound it has since relaxed. Applied only to documents
 * older than `since`, so a newer official file is taken as Mist publishes it.
 * The list and its versions are in docs/mist-api-changes.md and docs/blueprint-lint.md.
 */
export interface SpecUpdate {
  /** The spec version the change arrived in. */
  since: string;
  /** The object and field, as the docs name them. */
  field: string;
  /** JSON pointer set in a copy of the document. */
  pointer: string;
  value: unknown;
}

const S = "/components/schemas";

export const SPEC_UPDATES: readonly SpecUpdate[] = [
  {
    since: "2602.1.1",
    field: "device assign (inventory_update) `mist_configured`",
    pointer: `${S}/inventory_update/properties/mist_configured`,
    value: { type: "boolean" },
  },
  {
    since: "2602.1.7",
    field: "gateway template `oob_ip_config.vlan_id` (integer or string)",
    pointer: `${S}/gateway_oob_ip_config/properties/vlan_id`,
    value: { $ref: "#/components/schemas/vlan_id_with_variable" },
  },
  {
    since: "2602.1.9",
    field: "gateway template `gateway_mgmt`",
    pointer: `${S}/gateway_template/properties/gateway_mgmt`,
    value: { $ref: "#/components/schemas/site_setting_gateway_mgmt" },
  },
  {
    since: "2604.1.0",
    field: "site setting `vars_annotations`",
    pointer: `${S}/site_setting/properties/vars_annotations`,
    value: {
      type: "object",
      additionalProperties: {
        type: "object",
        properties: { note: { type: "string" }, type: { type: "string" } },
      },
    },
  },
  {
    since: "2604.1.0",
    field: "PSK `vlan_name`",
    pointer: `${S}/psk/properties/vlan_name`,
    value: { type: "string" },
  },
  ...(["24", "5", "6"] as const).map(
    (band): SpecUpdate => ({
      since: "2605.1.1",
      field: `RF template \`band_${band}.power\` minimum 0`,
      pointer: `${S}/rftemplate_radio_band${band}/properties/power/minimum`,
      value: 0,
    }),
  ),
  {
    since: "2605.1.0",
    field: "`GET /sites/{site_id}/marvis_configs/search` (Marvis config actions)",
    pointer: "/paths/~1api~1v1~1sites~1{site_id}~1marvis_configs~1search",
    value: {
      get: {
        operationId: "searchSiteMarvisConfigActions",
        responses: {
          "200": {
            description: "Marvis config actions of the site, newest first",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  additionalProperties: false,
                  properties: {
                    start: { type: "integer" },
                    end: { type: "integer" },
                    limit: { type: "integer" },
                    total: { type: "integer" },
                    results: {
                      type: "array",
                      items: {
                        type: "object",
                        additionalProperties: false,
                        properties: {
                          id: { type: "string", format: "uuid" },
                          org_id: { type: "string", format: "uuid" },
                          site_id: { type: "string", format: "uuid" },
                          admin_id: { type: "string", format: "uuid" },
                          mac: { type: "string" },
                          port_id: { type: "string" },
                          op: { type: "string" },
                          reason: { type: "string" },
                          type: { type: "string" },
                          src: { type: "string" },
                          vlan_ids: { type: "array", items: { type: "integer" } },
                          timestamp: { type: "number" },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  {
    since: "2606.1.1",
    field: "site setting `mxtunnel` (was `mxtunnels`)",
    pointer: `${S}/site_setting/properties/mxtunnel`,
    value: { $ref: "#/components/schemas/site_mxtunnel" },
  },
  {
    since: "2607.1.0",
    field: "PSK `usage: usermac_labels`",
    pointer: `${S}/psk_usage/enum`,
    value: ["macs", "multi", "single", "usermac_labels"],
  },
  {
    since: "2607.1.0",
    field: "RF template `enable_unii_4`",
    pointer: `${S}/rf_template/properties/enable_unii_4`,
    value: { type: "boolean", default: false },
  },
];

/** Mist spec versions are `YYMM.major.minor`; compared numerically, part by part. */
export function compareSpecVersions(a: string, b: string): number {
  const pa = a.split(".").map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split(".").map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface UpdatedDocument {
  doc: OpenApiDocument;
  /** The updates this document needed (those newer than its version), in list order. */
  applied: SpecUpdate[];
}

/** A copy of `doc` with every update newer than its `info.version`. Throws if one no longer resolves. */
export function updatedDocument(
  doc: OpenApiDocument,
  updates: readonly SpecUpdate[] = SPEC_UPDATES,
): UpdatedDocument {
  const applied = updates.filter((u) => compareSpecVersions(doc.info.version, u.since) < 0);
  if (applied.length === 0) return { doc, applied };
  const copy = structuredClone(doc);
  for (const u of applied) setAtPointer(copy, u.pointer, u.value, "spec update");
  return { doc: copy, applied };
}
