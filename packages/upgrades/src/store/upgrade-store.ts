import {
  errorNamed,
  hashPairs,
  jsonField,
  luaCommands,
  RecordNotFoundError,
  type RedisClient,
} from "@mistflow/config";
import type { PlannedWave } from "../plan-waves";
import { GenerationStore, type GenerationTransition, nowIso, waveField } from "./generation-store";
import type {
  DeviceRecord,
  HaltRecord,
  SiteUpgradeRecord,
  StoredUpgradeRequest,
  UpgradeStatus,
  UpgradeView,
  WaveRecord,
} from "./types";

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), ["upgrade-create-2", "upgrade-wave-write-1"]);
interface UpgradeCommands {
  mfUpgradeCreate(key: string, index: string, ...args: string[]): Promise<number>;
  mfUpgradeWaveWrite(key: string, ...args: string[]): Promise<number>;
}

export class UpgradeNotFoundError extends RecordNotFoundError {
  override name = "UpgradeNotFoundError";
  constructor(id: string) {
    super("upgrade", id);
  }
}
export const isUpgradeNotFoundError = errorNamed<UpgradeNotFoundError>("UpgradeNotFoundError");

export type TransitionResult = GenerationTransition<UpgradeStatus>;

/** What a wave job needs of the record, without the per-device detail. */
export interface UpgradeCore {
  id: string;
  org_id: string;
  status: UpgradeStatus;
  generation: number;
  request: StoredUpgradeRequest;
  plan: PlannedWave[];
}

export const siteUpgradeField = (wave: number, siteId: string) => `m:${wave}:${siteId}`;
export const deviceField = (mac: string) => `d:${mac}`;

/**
 * The firmware rollout record: one Redis hash per upgrade (`<prefix>:upgrade:<id>`, inside the
 * prefix's hash tag, so one slot in a cluster), written by the API and the wave jobs, read by
 * `GET /v1/upgrades/:id`. Fields: the request and plan, `status`, `generation`, `halt`,
 * `w:<wave>` (wave state, SLE baselines and deltas), `m:<wave>:<site>` (one Mist upgrade call and
 * its intent), `d:<mac>` (each device's outcome). It holds no tokens.
 */
export class UpgradeStore extends GenerationStore<UpgradeStatus, WaveRecord, HaltRecord, UpgradeCommands> {
  constructor(redis: RedisClient, prefix: string) {
    super(redis, prefix, "upgrade", (id) => new UpgradeNotFoundError(id), SCRIPTS);
  }

  async create(input: {
    id: string;
    org_id: string;
    request: StoredUpgradeRequest;
    plan: PlannedWave[];
  }): Promise<boolean> {
    const now = Date.now();
    const fields: Record<string, string> = {
      id: input.id,
      org_id: input.org_id,
      status: "queued",
      generation: "0",
      current_wave: "1",
      created_ms: String(now),
      created_at: new Date(now).toISOString(),
      updated_at: new Date(now).toISOString(),
      request: JSON.stringify(input.request),
      plan: JSON.stringify(input.plan),
    };
    for (const w of input.plan) fields[waveField(w.wave)] = JSON.stringify({ state: "pending" });
    return (
      (await this.redis.mfUpgradeCreate(
        this.key(input.id),
        this.indexKey,
        ...Object.entries(fields).flat(),
      )) === 1
    );
  }

  async core(id: string): Promise<UpgradeCore> {
    const [orgId, status, generation, request, plan] = await this.redis.hmget(
      this.key(id),
      "org_id",
      "status",
      "generation",
      "request",
      "plan",
    );
    if (!orgId || !status || !request || !plan) throw new UpgradeNotFoundError(id);
    return {
      id,
      org_id: orgId,
      status: status as UpgradeStatus,
      generation: Number(generation ?? 0),
      request: JSON.parse(request),
      plan: JSON.parse(plan),
    };
  }

  siteUpgrade(id: string, wave: number, siteId: string): Promise<SiteUpgradeRecord | undefined> {
    return this.json<SiteUpgradeRecord | undefined>(id, siteUpgradeField(wave, siteId), undefined);
  }

  /** Every device record of the rollout, by MAC. */
  async devices(id: string): Promise<Map<string, DeviceRecord>> {
    const all = await this.redis.hgetall(this.key(id));
    const out = new Map<string, DeviceRecord>();
    for (const [field, value] of Object.entries(all)) {
      if (field.startsWith("d:")) out.set(field.slice(2), JSON.parse(value) as DeviceRecord);
    }
    return out;
  }

  /**
   * Writes of a running wave; a no-op (false) once the rollout was halted, aborted or resumed
   * into a newer generation, so a stale job can never record over a newer one.
   */
  async waveWrite(
    id: string,
    generation: number,
    fields: Record<string, unknown>,
    options: { onlyIfAbsent?: string } = {},
  ): Promise<"ok" | "moved_on" | "exists"> {
    const r = await this.redis.mfUpgradeWaveWrite(
      this.key(id),
      String(generation),
      nowIso(),
      options.onlyIfAbsent ?? "",
      ...hashPairs(fields),
    );
    return r === 1 ? "ok" : r === -2 ? "exists" : "moved_on";
  }

  async get(id: string): Promise<UpgradeView> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.id || !h.request || !h.plan) throw new UpgradeNotFoundError(id);
    const plan = JSON.parse(h.plan) as PlannedWave[];
    const request = JSON.parse(h.request) as StoredUpgradeRequest;
    const sites: UpgradeView["sites"] = Object.fromEntries(
      request.sites.map((s) => [s, { upgrades: [], devices: {}, at_target: [] as string[] }]),
    );
    const summary = { devices: 0, upgraded: 0, failed: 0, skipped: 0, in_progress: 0 };
    for (const [field, value] of Object.entries(h)) {
      if (field.startsWith("m:")) {
        const m = JSON.parse(value) as SiteUpgradeRecord;
        const site = sites[m.site_id];
        if (site) {
          site.upgrades.push(m);
          site.at_target = [...new Set([...site.at_target, ...m.at_target])];
        }
      } else if (field.startsWith("d:")) {
        const d = JSON.parse(value) as DeviceRecord;
        const site = sites[d.site_id];
        if (site) site.devices[d.mac] = d;
        summary.devices++;
        if (d.state === "upgraded") summary.upgraded++;
        else if (d.state === "failed") summary.failed++;
        else if (d.state === "skipped") summary.skipped++;
        else summary.in_progress++;
      }
    }
    for (const site of Object.values(sites)) site.upgrades.sort((a, b) => a.wave - b.wave);
    return {
      id: h.id,
      org_id: h.org_id ?? "",
      status: (h.status ?? "queued") as UpgradeStatus,
      generation: Number(h.generation ?? 0),
      created_at: h.created_at ?? "",
      updated_at: h.updated_at ?? "",
      current_wave: Number(h.current_wave ?? 1),
      request,
      halt: jsonField<HaltRecord | null>(h.halt, null),
      waves: plan.map((w) => ({
        ...w,
        ...jsonField<WaveRecord>(h[waveField(w.wave)], { state: "pending" }),
      })),
      sites,
      summary,
    };
  }
}
