import { z } from "zod";
import type { CollectionSpec } from "./collection-spec";
import { Ids, Name, NullableId, Ssid, VlanId } from "./common-schemas";

// Required fields follow the spec's `required` lists (docs/design/mist-api.md §2.17). Exceptions, documented in the
// README: services require `name` (Terraform requires it; the spec does not).

const ServiceCreate = z.looseObject({
  name: Name,
  type: z.enum(["custom", "apps", "app_categories", "urls"]).optional(),
  addresses: z.array(z.string()).optional(),
  specs: z
    .array(z.looseObject({ protocol: z.string().optional(), port_range: z.string().optional() }))
    .optional(),
});

const NetworkCreate = z.looseObject({
  name: Name,
  subnet: z.string().optional(),
  subnet6: z.string().optional(),
  vlan_id: VlanId.optional(),
});

const GatewayTemplateCreate = z.looseObject({
  name: Name,
  type: z.enum(["spoke", "standalone"]).optional(),
});

// Spec `network_template` has no required fields; `name` is only Terraform-required.
const NetworkTemplateCreate = z.looseObject({ name: Name.optional() });

const TemplateScope = z.looseObject({
  org_id: z.guid().optional(),
  site_ids: Ids.optional(),
  sitegroup_ids: Ids.optional(),
});
const TemplateCreate = z.looseObject({
  name: Name,
  applies: TemplateScope.optional(),
  exceptions: TemplateScope.optional(),
  deviceprofile_ids: Ids.optional(),
});

const RfTemplateCreate = z.looseObject({
  name: Name,
  country_code: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be a two-letter ISO 3166-1 code")
    .optional(),
});

const WlanCreate = z.looseObject({
  ssid: Ssid,
  template_id: NullableId,
  enabled: z.boolean().optional(),
  vlan_id: VlanId.optional(),
  auth: z
    .looseObject({
      type: z.enum(["open", "psk", "eap", "eap192", "psk-tkip", "psk-wpa2-tkip", "wep"]).optional(),
      psk: z.string().min(8).max(64).optional(),
    })
    .optional(),
});

const WxtagCreate = z.looseObject({
  name: Name,
  type: z.enum(["match", "client", "resource", "subnet", "spec", "vlan"]),
});

// Order: "> 0 … -1 means LAST, uniqueness not checked" (spec). Tag lists hold wxtag ids.
const WxruleCreate = z.looseObject({
  order: z.number().int(),
  src_wxtags: z.array(z.string()),
  dst_allow_wxtags: z.array(z.string()),
  dst_deny_wxtags: z.array(z.string()),
  action: z.enum(["allow", "block"]).optional(),
  template_id: NullableId,
});

const VpnCreate = z.looseObject({
  name: Name,
  paths: z.record(z.string(), z.looseObject({})),
  type: z.enum(["hub_spoke", "mesh"]).optional(),
});

function simple(kind: CollectionSpec["kind"], create: z.ZodObject): CollectionSpec {
  return { kind, create, update: create.partial() };
}

export const SIMPLE_SPECS: CollectionSpec[] = [
  simple("services", ServiceCreate),
  simple("networks", NetworkCreate),
  simple("gatewaytemplates", GatewayTemplateCreate),
  simple("networktemplates", NetworkTemplateCreate),
  simple("templates", TemplateCreate),
  simple("rftemplates", RfTemplateCreate),
  simple("wlans", WlanCreate),
  simple("wxtags", WxtagCreate),
  simple("wxrules", WxruleCreate),
  simple("vpns", VpnCreate),
];
