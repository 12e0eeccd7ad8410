import { FirmwareSettings } from "../firmware/firmware-settings";
import { settleUpgrades } from "../firmware/settle-upgrades";
import { FaultRegistry } from "../middleware/faults/fault-registry";
import type { FaultSpec } from "../middleware/faults/fault-spec";
import { Ledger } from "../middleware/ledger/ledger";
import { type RateLimitConfig, RateLimiter } from "../middleware/rate-limit/rate-limiter";
import type { OrgSetting } from "../org-policy/org-setting";
import { claimCodeKey, type SimSeed } from "../seed/schema";
import { type SleConfig, SleStore } from "../sle/sle-store";
import { newInventoryItem } from "./devices";
import { OrgState } from "./org-state";
import { SimSnapshot } from "./snapshot";
import { COLLECTION_KINDS, type PoolDevice, type SimToken, type StoredObject } from "./types";

export interface SimStateOptions {
  seed: SimSeed;
  rateLimit: RateLimitConfig | false;
  faultSeed: number;
  clock: () => number;
  /** Faults installed at startup and again by every reset. */
  faults: readonly FaultSpec[];
  upgradePhaseMs: number;
  sle: SleConfig;
}

/**
 * The whole simulator: the emulated Mist world (orgs, tokens, device pool) plus the harness
 * (ledger, faults, rate limiter). Route modules read and mutate it; nothing else holds state.
 */
export class SimState {
  readonly clock: () => number;
  readonly ledger = new Ledger();
  readonly faults: FaultRegistry;
  readonly rateLimiter: RateLimiter;
  /** Test-set SLE values and the no-data rule. */
  readonly sle: SleStore;
  /** Upgrade stage length and failure settings. */
  readonly firmware: FirmwareSettings;
  readonly orgs = new Map<string, OrgState>();
  /** Tokens by value. Only the auth middleware should look values up; everything else uses aliases. */
  readonly tokens = new Map<string, SimToken>();
  /** Global claim-code registry keyed by normalised code: claim codes are unique across Mist. */
  readonly pool = new Map<string, PoolDevice>();
  private readonly closing = new AbortController();

  constructor(private readonly options: SimStateOptions) {
    this.clock = options.clock;
    this.faults = new FaultRegistry(options.faultSeed, options.clock);
    this.rateLimiter = new RateLimiter(options.rateLimit, options.clock);
    this.sle = new SleStore(options.sle);
    this.firmware = new FirmwareSettings(options.upgradePhaseMs, options.faultSeed);
    this.loadSeed(options.seed);
    this.addStartupFaults();
  }

  /** Aborts when the simulator shuts down, releasing delayed and hung requests. */
  get shutdownSignal(): AbortSignal {
    return this.closing.signal;
  }

  close(): void {
    this.closing.abort();
  }

  /** Epoch seconds (float), the unit of every `created_time` / `modified_time`. */
  nowSeconds(): number {
    return this.clock() / 1000;
  }

  /**
   * Back to the startup seed and settings: empty ledger, only the startup faults, startup rate limit,
   * no SLE overrides, startup upgrade timing and no upgrade failures.
   */
  reset(): void {
    this.loadSeed(this.options.seed);
    this.ledger.clear();
    this.faults.clear();
    this.addStartupFaults();
    this.rateLimiter.configure(this.options.rateLimit);
    this.sle.reset();
    this.firmware.reset();
  }

  /** Apply upgrades that have finished by now to the devices (see firmware/settle-upgrades.ts). */
  settle(): void {
    const now = this.clock();
    for (const org of this.orgs.values()) {
      settleUpgrades(org, now, (siteId, at) => this.sle.fire("upgrade", siteId, at));
    }
  }

  findSite(siteId: string): { org: OrgState; site: StoredObject } | undefined {
    for (const org of this.orgs.values()) {
      const site = org.sites.get(siteId);
      if (site) return { org, site };
    }
    return undefined;
  }

  /** The org whose inventory holds this MAC, if any. */
  ownerOf(mac: string): OrgState | undefined {
    for (const org of this.orgs.values()) if (org.inventory.has(mac)) return org;
    return undefined;
  }

  poolDevice(mac: string): PoolDevice | undefined {
    for (const device of this.pool.values()) if (device.mac === mac) return device;
    return undefined;
  }

  snapshot(): SimSnapshot {
    return structuredClone({
      format: "mist-sim-snapshot" as const,
      version: 1 as const,
      taken_at: this.clock(),
      pool: [...this.pool.values()],
      orgs: [...this.orgs.values()].map((org) => ({
        id: org.id,
        name: org.name,
        sites: org.sites.list(),
        settings: [...org.settings.values()],
        collections: Object.fromEntries(COLLECTION_KINDS.map((k) => [k, org.collection(k).list()])),
        inventory: [...org.inventory.values()],
        devices: [...org.devices.values()],
        ...(org.setting ? { org_setting: org.setting } : {}),
        marvis_configs: org.marvisActions,
      })),
    });
  }

  /** Replace the world (not the tokens) with a snapshot. Throws a ZodError if it is invalid. */
  restore(input: unknown): void {
    const snap = SimSnapshot.parse(input);
    this.orgs.clear();
    this.pool.clear();
    for (const d of snap.pool) this.pool.set(claimCodeKey(d.claim_code), d);
    for (const o of snap.orgs) {
      const org = new OrgState(o.id, o.name);
      for (const s of o.sites) org.sites.put(s);
      for (const s of o.settings) org.settings.set(s.site_id, s);
      for (const k of COLLECTION_KINDS) for (const obj of o.collections[k] ?? []) org.collection(k).put(obj);
      for (const i of o.inventory) org.inventory.set(i.mac, i);
      for (const d of o.devices) org.devices.set(d.mac, d);
      if (o.org_setting) org.setting = o.org_setting as OrgSetting;
      org.marvisActions.push(...(o.marvis_configs ?? []));
      this.orgs.set(org.id, org);
    }
  }

  private loadSeed(seed: SimSeed): void {
    this.clearWorld();
    const data = structuredClone(seed);
    for (const o of data.orgs) this.orgs.set(o.id, new OrgState(o.id, o.name));
    for (const t of data.tokens) this.tokens.set(t.value, t);
    const now = this.nowSeconds();
    for (const devices of Object.values(data.inventory)) {
      for (const d of devices) {
        this.pool.set(claimCodeKey(d.claim_code), d);
        const owner = d.claimed_by_org === undefined ? undefined : this.orgs.get(d.claimed_by_org);
        owner?.inventory.set(d.mac, newInventoryItem(d, owner.id, now));
      }
    }
  }

  private addStartupFaults(): void {
    for (const spec of this.options.faults) this.faults.add(spec);
  }

  private clearWorld(): void {
    this.orgs.clear();
    this.tokens.clear();
    this.pool.clear();
  }
}
