import { defaultClaimCodes } from "../seed/default-seed";
import { COLLECTION_KINDS, type CollectionKind } from "../state/types";
import type { SimClient } from "../test-support/sim-client";

/** A minimal valid create body per org collection (the spec's and the simulator's required fields). */
export const CREATE_BODIES: Record<CollectionKind, (n: string) => Record<string, unknown>> = {
  services: (n) => ({ name: `svc-${n}`, type: "custom", addresses: ["10.0.0.0/8"] }),
  networks: (n) => ({ name: `net-${n}`, subnet: "10.1.0.0/24", vlan_id: 10 }),
  deviceprofiles: (n) => ({ name: `hub-${n}`, type: "gateway" }),
  gatewaytemplates: (n) => ({ name: `gw-${n}`, type: "spoke" }),
  networktemplates: (n) => ({ name: `nt-${n}` }),
  templates: (n) => ({ name: `wlan-tpl-${n}` }),
  rftemplates: (n) => ({ name: `rf-${n}`, country_code: "US" }),
  wlans: (n) => ({ ssid: `ssid-${n}`, auth: { type: "psk", psk: "correct-horse-battery" } }),
  wxtags: (n) => ({ name: `tag-${n}`, type: "match", match: "wlan_id", values: ["x"] }),
  wxrules: () => ({ order: 1, src_wxtags: [], dst_allow_wxtags: [], dst_deny_wxtags: [], action: "allow" }),
  psks: (n) => ({ name: `psk-${n}`, passphrase: "correct-horse-battery", ssid: "corp" }),
  sitegroups: (n) => ({ name: `group-${n}` }),
  vpns: (n) => ({ name: `vpn-${n}`, paths: { hub1: { bfd_profile: "broadband" } } }),
};

/** Ids the contract table substitutes for `:name` placeholders in its paths. */
export type ContractFixture = Record<string, string>;

async function must(res: Promise<{ status: number; body: unknown; text: string }>, what: string) {
  const r = await res;
  if (r.status !== 200) throw new Error(`fixture: ${what} answered ${r.status} ${r.text}`);
  return r.body as Record<string, unknown> & Array<Record<string, unknown>>;
}

/**
 * A small world touching every simulated operation: a site with one AP, switch and gateway assigned,
 * a second site to delete, one object per org collection, a gateway profile and a running upgrade.
 */
export async function buildContractFixture(
  api: SimClient,
  org: string,
  otherOrg: string,
): Promise<ContractFixture> {
  const f: ContractFixture = { org, other: otherOrg, missing: "00000000-0000-4000-8000-0000000000ff" };
  f.site = String((await must(api.post(`/orgs/${org}/sites`, { name: "Contract Site" }), "site")).id);
  f.site2 = String((await must(api.post(`/orgs/${org}/sites`, { name: "Contract Delete" }), "site")).id);
  const codes = [
    ...defaultClaimCodes("ap", 1),
    ...defaultClaimCodes("switch", 1),
    ...defaultClaimCodes("gateway", 1),
  ];
  f.claim = defaultClaimCodes("ap", 2)[1] ?? "";
  await must(api.post(`/orgs/${org}/inventory`, codes), "claim");
  const inventory = await must(api.get(`/orgs/${org}/inventory`), "inventory");
  for (const item of inventory) {
    f[`${item.type}Mac`] = String(item.mac);
    f[String(item.type)] = `00000000-0000-0000-1000-${item.mac}`;
  }
  const macs = inventory.map((i) => String(i.mac));
  await must(api.put(`/orgs/${org}/inventory`, { op: "assign", site_id: f.site, macs }), "assign");
  for (const kind of COLLECTION_KINDS) {
    f[kind] = String((await must(api.post(`/orgs/${org}/${kind}`, CREATE_BODIES[kind]("fixture")), kind)).id);
  }
  const upgrade = await must(
    api.post(`/sites/${f.site}/devices/upgrade`, { version: "stable", device_ids: [f.switch] }),
    "upgrade",
  );
  f.upgrade = String(upgrade.upgrade_id);
  return f;
}

/** Replace `:name` placeholders with fixture ids; unknown names are left alone (e.g. `:action`). */
export function fillPath(template: string, f: ContractFixture): string {
  return template.replace(/:([A-Za-z0-9]+)/g, (whole, name: string) => f[name] ?? whole);
}
