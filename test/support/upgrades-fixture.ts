import { SIM_DEMO_TOKEN } from "@mistflow/process-stack";
import { DEMO_ORG, type StackUnderTest } from "./stack-under-test";

/**
 * What the firmware-upgrade suites share: Mist and the API over HTTP, sites with APs claimed from
 * the simulator's pool, and readings of what Mist upgraded. The simulator's APs start on
 * 0.14.29313; `TARGET` is AP45 stable.
 */
export const TARGET = "0.14.29633";

// biome-ignore lint/suspicious/noExplicitAny: API bodies are asserted field by field
export type Json = any;

export interface Site {
  id: string;
  name: string;
  macs: string[];
}

export interface SimUpgrade {
  id: string;
  site_id: string;
  targets: Record<string, string>;
  skipped: string[];
}

export function upgradesFixture(current: () => StackUnderTest) {
  const mist = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${current().simUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Token ${SIM_DEMO_TOKEN}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const simAdmin = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${current().simUrl}/__sim${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
        : {}),
    });
    if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${current().apiUrl}${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
        : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  /** Sites with `aps` AP45s each, claimed from the simulator's pool and assigned. */
  async function makeSites(label: string, count: number, aps: number): Promise<Site[]> {
    const codes = await unclaimedApCodes(count * aps);
    const sites: Site[] = [];
    for (let i = 0; i < count; i++) {
      const site = await mist("POST", `/orgs/${DEMO_ORG}/sites`, { name: `${label}-${i + 1}` });
      const claim = await mist("POST", `/orgs/${DEMO_ORG}/inventory`, codes.slice(i * aps, (i + 1) * aps));
      const macs = claim.inventory_added.map((d: { mac: string }) => d.mac);
      await mist("PUT", `/orgs/${DEMO_ORG}/inventory`, { op: "assign", site_id: site.id, macs });
      sites.push({ id: site.id, name: site.name, macs: [...macs].sort() });
    }
    return sites;
  }

  /** Claim codes of APs nobody claimed yet: the snapshot lists the pool with its owners. */
  async function unclaimedApCodes(n: number): Promise<string[]> {
    const snap = await simAdmin("POST", "/snapshot");
    const codes = (
      snap.pool as Array<{ claim_code: string; type: string; model: string; claimed_by_org?: string }>
    )
      .filter((d) => d.type === "ap" && d.model === "AP45" && !d.claimed_by_org)
      .map((d) => d.claim_code);
    if (codes.length < n) throw new Error(`only ${codes.length} unclaimed APs left`);
    return codes.slice(0, n);
  }

  const versions = async (site: string): Promise<Record<string, string>> =>
    Object.fromEntries(
      ((await mist("GET", `/sites/${site}/devices?type=ap`)) as Array<{ mac: string; version: string }>).map(
        (d) => [d.mac, d.version],
      ),
    );

  const simUpgrades = async (): Promise<SimUpgrade[]> => simAdmin("GET", `/orgs/${DEMO_ORG}/upgrades`);

  /** MAC → how many Mist upgrades really upgraded it (skipped devices are not in `targets`). */
  const upgradeCounts = (upgrades: SimUpgrade[]) => {
    const counts: Record<string, number> = {};
    for (const u of upgrades) for (const mac of Object.keys(u.targets)) counts[mac] = (counts[mac] ?? 0) + 1;
    return counts;
  };

  const upgradePosts = async () =>
    (await current().sim.ledger()).filter(
      (e) => e.method === "POST" && /\/sites\/[^/]+\/devices\/upgrade$/.test(e.path),
    );

  /** Each site's `GET /sites/{id}/devices/versions` and upgrade POSTs, in the order Mist got them. */
  const versionChecksAndUpgrades = async (siteIds: string[]) =>
    (await current().sim.ledger())
      .filter((e) => siteIds.some((id) => e.path.includes(`/sites/${id}/devices/`)))
      .filter(
        (e) =>
          (e.method === "GET" && e.path.endsWith("/devices/versions")) ||
          (e.method === "POST" && e.path.endsWith("/devices/upgrade")),
      )
      .map((e) => `${e.method} ${e.path.slice(e.path.indexOf("/sites/"))}`);

  async function waitFor(id: string, done: (v: Json) => boolean, timeoutMs = 90_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await api("GET", `/v1/upgrades/${id}`);
      if (done(body)) return body;
      if (Date.now() > deadline) throw new Error(`upgrade ${id} did not get there: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const ended = (v: Json) => ["succeeded", "halted", "failed", "aborted"].includes(v.status);

  const request = (sites: Site[], extra: Record<string, unknown> = {}) => ({
    org_id: DEMO_ORG,
    sites: sites.map((s) => s.id),
    device_type: "ap",
    version: TARGET,
    soak_seconds: 1,
    poll_seconds: 1,
    sle_guard: { max_drop: 0.05 },
    ...extra,
  });

  return {
    mist,
    simAdmin,
    api,
    makeSites,
    versions,
    simUpgrades,
    upgradeCounts,
    upgradePosts,
    versionChecksAndUpgrades,
    waitFor,
    ended,
    request,
  };
}
