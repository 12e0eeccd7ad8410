import { randomBytes } from "node:crypto";
import {
  errorNamed,
  hashPairs,
  jsonField,
  luaCommands,
  RecordNotFoundError,
  type RedisClient,
} from "@mistflow/config";
import type {
  RolloutHalt,
  RolloutPhaseRecord,
  RolloutPlan,
  RolloutRequest,
  RolloutSiteRecord,
  RolloutStatus,
  RolloutSummary,
  RolloutView,
  RolloutWaveRecord,
} from "@mistflow/contracts";
import { GenerationStore, type GenerationTransition, nowIso, waveField } from "../store/generation-store";

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), [
  "rollout-create-3",
  "rollout-phase-write-1",
]);
interface RolloutCommands {
  mfRolloutCreate(key: string, index: string, active: string, ...args: string[]): Promise<number>;
  mfRolloutPhaseWrite(key: string, ...args: string[]): Promise<number>;
}

export const newRolloutId = (): string => `rol-${randomBytes(12).toString("hex")}`;

export class RolloutNotFoundError extends RecordNotFoundError {
  override name = "RolloutNotFoundError";
  constructor(id: string) {
    super("rollout", id);
  }
}
export const isRolloutNotFoundError = errorNamed<RolloutNotFoundError>("RolloutNotFoundError");

/** Another rollout of the same blueprint in the same org has not ended. */
export class RolloutConflictError extends Error {
  override name = "RolloutConflictError";
  constructor(readonly activeId: string) {
    super(`rollout ${activeId} of this blueprint in this org has not ended; abort or finish it first`);
  }
}
export const isRolloutConflictError = errorNamed<RolloutConflictError>("RolloutConflictError");

/** Statuses after which the blueprint+org may start another rollout. */
export const ENDED_ROLLOUT_STATUSES: readonly RolloutStatus[] = [
  "succeeded",
  "aborted",
  "failed",
  "rolled_back",
];

export type StoredRolloutRequest = Omit<RolloutRequest, "dry_run">;

/** What a phase job needs of the record, without the per-site detail. */
export interface RolloutCore {
  id: string;
  blueprint: string;
  org_id: string;
  target_version: number;
  status: RolloutStatus;
  generation: number;
  request: StoredRolloutRequest;
  plan: RolloutPlan;
}

const siteField = (siteId: string) => `s:${siteId}`;
const PENDING: RolloutPhaseRecord = { state: "pending" };

export type RolloutTransitionResult = GenerationTransition<RolloutStatus>;

/**
 * The blueprint rollout record: one Redis hash per rollout (`<prefix>:rollout:<id>`, inside the
 * prefix's hash tag), written by the API and the phase jobs, read by `GET /v1/rollouts/:id`.
 * Fields: the request and plan, `status`, `generation`, `halt`, `prepare` (the target's Mist ids),
 * `w:<wave>` (wave state, SLE baselines and deltas), `s:<site>` (where each site is), `cleanup`,
 * `rollback`. One active rollout per blueprint and org, so two never move the same sites.
 */
export class RolloutStore extends GenerationStore<
  RolloutStatus,
  RolloutWaveRecord,
  RolloutHalt,
  RolloutCommands
> {
  constructor(redis: RedisClient, prefix: string) {
    super(redis, prefix, "rollout", (id) => new RolloutNotFoundError(id), SCRIPTS);
  }

  private activeKey(blueprint: string, orgId: string) {
    return `${this.prefix}:rollout-active:${orgId}:${blueprint}`;
  }

  /** Records a queued rollout; throws RolloutConflictError while another one of its blueprint and org runs. */
  async create(input: {
    id: string;
    request: StoredRolloutRequest;
    plan: RolloutPlan;
    requested_by?: unknown;
  }): Promise<void> {
    const { plan } = input;
    const activeKey = this.activeKey(plan.blueprint, plan.org_id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const active = (await this.redis.get(activeKey)) ?? "";
      if (active) {
        const status = (await this.redis.hget(this.key(active), "status")) as RolloutStatus | null;
        if (status && !ENDED_ROLLOUT_STATUSES.includes(status)) throw new RolloutConflictError(active);
      }
      const now = Date.now();
      const fields: Record<string, unknown> = {
        id: input.id,
        blueprint: plan.blueprint,
        org_id: plan.org_id,
        target_version: String(plan.target.version),
        status: "queued",
        generation: "0",
        created_ms: String(now),
        created_at: new Date(now).toISOString(),
        updated_at: new Date(now).toISOString(),
        request: input.request,
        plan,
        prepare: PENDING,
        cleanup: PENDING,
        ...(input.requested_by ? { requested_by: input.requested_by } : {}),
      };
      for (const w of plan.waves) fields[waveField(w.wave)] = { state: "pending" };
      const r = await this.redis.mfRolloutCreate(
        this.key(input.id),
        this.indexKey,
        activeKey,
        active,
        ...hashPairs(fields),
      );
      if (r === 1) return;
      if (r === 0) throw new Error(`rollout ${input.id} exists`);
    }
    throw new Error("could not start the rollout: other rollouts kept starting; try again");
  }

  async core(id: string): Promise<RolloutCore> {
    const [blueprint, orgId, target, status, generation, request, plan] = await this.redis.hmget(
      this.key(id),
      "blueprint",
      "org_id",
      "target_version",
      "status",
      "generation",
      "request",
      "plan",
    );
    if (!blueprint || !orgId || !status || !request || !plan) throw new RolloutNotFoundError(id);
    return {
      id,
      blueprint,
      org_id: orgId,
      target_version: Number(target),
      status: status as RolloutStatus,
      generation: Number(generation ?? 0),
      request: JSON.parse(request),
      plan: JSON.parse(plan),
    };
  }

  phase(id: string, phase: "prepare" | "cleanup" | "rollback"): Promise<RolloutPhaseRecord> {
    return this.json(id, phase, PENDING);
  }
  site(id: string, siteId: string): Promise<RolloutSiteRecord | undefined> {
    return this.json<RolloutSiteRecord | undefined>(id, siteField(siteId), undefined);
  }

  async sites(id: string): Promise<RolloutSiteRecord[]> {
    const all = await this.redis.hgetall(this.key(id));
    return Object.entries(all)
      .filter(([f]) => f.startsWith("s:"))
      .map(([, v]) => JSON.parse(v) as RolloutSiteRecord);
  }

  /**
   * Writes of a phase job; a no-op ("moved_on") once the rollout left `statuses` or was resumed,
   * aborted or rolled back into a newer generation, so a stale job never records over a newer one.
   */
  async write(
    id: string,
    generation: number,
    statuses: readonly RolloutStatus[],
    fields: Record<string, unknown>,
  ): Promise<"ok" | "moved_on"> {
    const r = await this.redis.mfRolloutPhaseWrite(
      this.key(id),
      statuses.join(","),
      String(generation),
      nowIso(),
      ...hashPairs(fields),
    );
    return r === 1 ? "ok" : "moved_on";
  }

  siteFields(record: RolloutSiteRecord): Record<string, unknown> {
    return { [siteField(record.site_id)]: record };
  }

  async get(id: string): Promise<RolloutView> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.id || !h.request || !h.plan) throw new RolloutNotFoundError(id);
    const plan = JSON.parse(h.plan) as RolloutPlan;
    const sites = Object.entries(h)
      .filter(([f]) => f.startsWith("s:"))
      .map(([, v]) => JSON.parse(v) as RolloutSiteRecord)
      .sort((a, b) => a.wave - b.wave || a.site_id.localeCompare(b.site_id));
    return {
      id: h.id,
      blueprint: h.blueprint ?? "",
      org_id: h.org_id ?? "",
      target_version: Number(h.target_version ?? 0),
      status: (h.status ?? "queued") as RolloutStatus,
      generation: Number(h.generation ?? 0),
      created_at: h.created_at ?? "",
      updated_at: h.updated_at ?? "",
      request: JSON.parse(h.request),
      plan,
      halt: jsonField<RolloutHalt | null>(h.halt, null),
      prepare: jsonField(h.prepare, PENDING),
      waves: plan.waves.map((w) => ({
        ...w,
        ...jsonField<RolloutWaveRecord>(h[waveField(w.wave)], { state: "pending" }),
      })),
      cleanup: jsonField(h.cleanup, PENDING),
      rollback: jsonField<RolloutPhaseRecord | null>(h.rollback, null),
      sites,
      summary: {
        sites: plan.summary.sites,
        moved: sites.filter((s) => s.state === "moved").length,
        failed: sites.filter((s) => s.state === "failed").length,
      },
    };
  }

  async summaries(limit: number): Promise<RolloutSummary[]> {
    const ids = await this.list(limit);
    const views = await Promise.all(ids.map((id) => this.get(id).catch(() => undefined)));
    return views
      .filter((v): v is RolloutView => v !== undefined)
      .map(({ id, blueprint, org_id, target_version, status, created_at, updated_at, summary }) => ({
        id,
        blueprint,
        org_id,
        target_version,
        status,
        created_at,
        updated_at,
        summary,
      }));
  }
}
