import { deriveClaimCode } from "./claim-codes";
import type { DeviceType, SeedDevice, SimSeed } from "./schema";

export const DEFAULT_ORG_ID = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
export const OTHER_ORG_ID = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0002";
export const DEFAULT_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";
export const READONLY_TOKEN = "sim-readonly-token-0123456789abcdef0123456789ab";
export const OTHER_TOKEN = "sim-other-token-0123456789abcdef0123456789abcd";

interface PoolSpec {
  type: DeviceType;
  model: string;
  count: number;
  /** 6-hex OUI + 2-hex block; the index fills the last 4 hex digits. */
  macPrefix: string;
  serialPrefix: string;
}

// MAC prefixes use Juniper/Mist OUIs so they look plausible in logs; blocks keep them disjoint.
const DEMO_POOL: PoolSpec[] = [
  { type: "ap", model: "AP45", count: 30, macPrefix: "5c5b35a0", serialPrefix: "A0450" },
  { type: "switch", model: "EX4100-48P", count: 15, macPrefix: "2c6bf5b0", serialPrefix: "FW4100" },
  { type: "gateway", model: "SRX320", count: 15, macPrefix: "f01c2dc0", serialPrefix: "CW0320" },
];

function poolDevices(spec: PoolSpec, claimedBy?: string): SeedDevice[] {
  return Array.from({ length: spec.count }, (_, i) => {
    const n = i + 1;
    const device: SeedDevice = {
      mac: `${spec.macPrefix}${n.toString(16).padStart(4, "0")}`,
      serial: `${spec.serialPrefix}${String(n).padStart(6, "0")}`,
      model: spec.model,
      type: spec.type,
      claim_code: deriveClaimCode(`${spec.macPrefix}/${n}`),
    };
    if (claimedBy) device.claimed_by_org = claimedBy;
    return device;
  });
}

/**
 * The bundled seed: "Demo Org" with 60 unclaimed devices (30 AP45, 15 EX4100-48P, 15 SRX320),
 * plus a second org that already owns two devices so claims can hit "belongs to another org".
 */
export const DEFAULT_SEED: SimSeed = {
  orgs: [
    { id: DEFAULT_ORG_ID, name: "Demo Org" },
    { id: OTHER_ORG_ID, name: "Other Org" },
  ],
  tokens: [
    {
      value: DEFAULT_TOKEN,
      alias: "demo",
      kind: "org",
      name: "mistflow demo (admin)",
      privileges: [{ scope: "org", role: "admin", org_id: DEFAULT_ORG_ID }],
    },
    {
      value: READONLY_TOKEN,
      alias: "readonly",
      kind: "org",
      name: "mistflow demo (read-only)",
      privileges: [{ scope: "org", role: "read", org_id: DEFAULT_ORG_ID }],
    },
    {
      value: OTHER_TOKEN,
      alias: "other",
      kind: "org",
      name: "other org (admin)",
      privileges: [{ scope: "org", role: "admin", org_id: OTHER_ORG_ID }],
    },
  ],
  inventory: {
    [DEFAULT_ORG_ID]: [
      ...DEMO_POOL.flatMap((spec) => poolDevices(spec)),
      ...poolDevices(
        { type: "ap", model: "AP45", count: 1, macPrefix: "5c5b35d0", serialPrefix: "A0459" },
        OTHER_ORG_ID,
      ),
      ...poolDevices(
        { type: "gateway", model: "SRX320", count: 1, macPrefix: "f01c2dd0", serialPrefix: "CW0329" },
        OTHER_ORG_ID,
      ),
    ],
  },
};

function demoPool(): SeedDevice[] {
  return DEFAULT_SEED.inventory[DEFAULT_ORG_ID] ?? [];
}

/**
 * The first `count` unclaimed claim codes of one device type from the default demo pool.
 * @example defaultClaimCodes("ap", 3) // ["…-…-…", …] — stable across runs
 */
export function defaultClaimCodes(type: DeviceType, count: number): string[] {
  const codes = demoPool()
    .filter((d) => d.type === type && d.claimed_by_org === undefined)
    .map((d) => d.claim_code);
  if (count > codes.length) {
    throw new RangeError(
      `default seed has only ${codes.length} unclaimed ${type} devices, asked for ${count}`,
    );
  }
  return codes.slice(0, count);
}

/** Claim codes in the demo pool that the other org already owns ("belongs to another org"). */
export function defaultForeignClaimCodes(): string[] {
  return demoPool()
    .filter((d) => d.claimed_by_org !== undefined)
    .map((d) => d.claim_code);
}
