import type { RedisClient } from "@mistflow/config";
import {
  type BlueprintRef,
  DeploymentRequest,
  type DeploymentStatus,
  type DeploymentView,
  STEP_IDS,
  type StepError,
  type StepId,
  StepStatus,
} from "@mistflow/contracts";
import { CREATE, FAIL, STEP_UPDATE, SUCCEED } from "./scripts";

export interface NewDeployment {
  id: string;
  idempotencyKey: string;
  requestDigest: string;
  request: DeploymentRequest;
  blueprint: BlueprintRef;
}

export type CreateResult =
  | { created: true; view: DeploymentView; enqueued: false }
  | { created: false; view: DeploymentView; enqueued: boolean; requestDigest: string };

const stepField = (step: StepId) => `step:${step}`;
const nowIso = () => new Date().toISOString();

export class DeploymentNotFoundError extends Error {
  override name = "DeploymentNotFoundError";
  constructor(readonly deploymentId: string) {
    super(`deployment ${deploymentId} not found`);
  }
}
export const isDeploymentNotFoundError = (e: unknown): e is DeploymentNotFoundError =>
  e instanceof Error && e.name === "DeploymentNotFoundError";

type ScriptName = "mfCreate" | "mfStepUpdate" | "mfFail" | "mfSucceed";
type ScriptedRedis = RedisClient & Record<ScriptName, (...args: (string | number)[]) => Promise<number>>;

/**
 * The authoritative deployment record, one Redis hash per deployment. It outlives BullMQ job
 * retention and is what `GET /v1/deployments/:id` reads. It never holds secrets: requests carry
 * none, and Mist answers are reduced to object ids.
 */
export class DeploymentStore {
  private readonly redis: ScriptedRedis;
  private readonly savedBlueprints = new Map<string, number>();

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
  ) {
    this.redis = redis as ScriptedRedis;
    const define = (name: ScriptName, keys: number, lua: string) => {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: keys, lua });
    };
    define("mfCreate", 2, CREATE);
    define("mfStepUpdate", 1, STEP_UPDATE);
    define("mfFail", 1, FAIL);
    define("mfSucceed", 1, SUCCEED);
  }

  key(id: string): string {
    return `${this.prefix}:dep:${id}`;
  }

  private get indexKey() {
    return `${this.prefix}:deps`;
  }

  blueprintKey(digest: string): string {
    return `${this.prefix}:blueprint:${digest}`;
  }

  /** Creates the record unless one exists for this id; either way returns the current view. */
  async create(input: NewDeployment): Promise<CreateResult> {
    const now = new Date();
    const pending: StepStatus = { state: "pending", attempts: 0, mist_ids: {} };
    const fields: Record<string, string> = {
      id: input.id,
      status: "queued",
      org_id: input.request.org_id,
      site_name: input.request.site.name,
      idempotency_key: input.idempotencyKey,
      request_digest: input.requestDigest,
      request: JSON.stringify(input.request),
      blueprint: JSON.stringify(input.blueprint),
      created_at: now.toISOString(),
      created_ms: String(now.getTime()),
      updated_at: now.toISOString(),
      enqueued: "0",
      ...Object.fromEntries(STEP_IDS.map((s) => [stepField(s), JSON.stringify(pending)])),
    };
    const created = await this.redis.mfCreate(
      this.key(input.id),
      this.indexKey,
      ...Object.entries(fields).flat(),
    );
    if (created === 1) {
      // The record is exactly what we just wrote: no need to read it back (this is the hot path
      // of every accepted deployment).
      const view: DeploymentView = {
        id: input.id,
        status: "queued",
        org_id: input.request.org_id,
        site_name: input.request.site.name,
        blueprint: input.blueprint,
        idempotency_key: input.idempotencyKey,
        created_at: fields.created_at as string,
        updated_at: fields.updated_at as string,
        steps: Object.fromEntries(STEP_IDS.map((s) => [s, { ...pending }])) as Record<StepId, StepStatus>,
        request: input.request,
      };
      return { created: true, view, enqueued: false };
    }
    const view = await this.get(input.id);
    const [digest, enqueued] = await this.redis.hmget(this.key(input.id), "request_digest", "enqueued");
    return { created: false, view, enqueued: enqueued === "1", requestDigest: digest ?? "" };
  }

  /** Set once the flow is in BullMQ; a record without it is re-enqueued by the next identical request. */
  async markEnqueued(id: string): Promise<void> {
    await this.redis.hset(this.key(id), "enqueued", "1");
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.exists(this.key(id))) === 1;
  }

  async get(id: string): Promise<DeploymentView> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.id) throw new DeploymentNotFoundError(id);
    const steps = Object.fromEntries(
      STEP_IDS.map((s) => [
        s,
        StepStatus.parse(JSON.parse(h[stepField(s)] ?? '{"state":"pending","attempts":0}')),
      ]),
    ) as Record<StepId, StepStatus>;
    return {
      id: h.id,
      status: h.status as DeploymentStatus,
      org_id: h.org_id ?? "",
      site_name: h.site_name ?? "",
      blueprint: JSON.parse(h.blueprint ?? "{}") as BlueprintRef,
      idempotency_key: h.idempotency_key ?? "",
      created_at: h.created_at ?? "",
      updated_at: h.updated_at ?? "",
      ...(h.finished_at ? { finished_at: h.finished_at } : {}),
      steps,
      ...(h.error ? { error: JSON.parse(h.error) as DeploymentView["error"] } : {}),
      request: DeploymentRequest.parse(JSON.parse(h.request ?? "{}")),
    };
  }

  async getStep(id: string, step: StepId): Promise<StepStatus> {
    const raw = await this.redis.hget(this.key(id), stepField(step));
    if (raw === null) throw new DeploymentNotFoundError(id);
    return StepStatus.parse(JSON.parse(raw));
  }

  async status(id: string): Promise<DeploymentStatus> {
    const s = await this.redis.hget(this.key(id), "status");
    if (s === null) throw new DeploymentNotFoundError(id);
    return s as DeploymentStatus;
  }

  async stepStarted(id: string, step: StepId, attempt: number): Promise<void> {
    const prev = await this.getStep(id, step);
    const next: StepStatus = {
      ...prev,
      state: "running",
      attempts: attempt,
      started_at: prev.started_at ?? nowIso(),
    };
    delete next.error;
    await this.redis.mfStepUpdate(this.key(id), stepField(step), JSON.stringify(next), nowIso());
  }

  async stepSucceeded(
    id: string,
    step: StepId,
    mistIds: StepStatus["mist_ids"],
    note?: string,
  ): Promise<void> {
    const prev = await this.getStep(id, step);
    const next: StepStatus = { ...prev, state: "succeeded", finished_at: nowIso(), mist_ids: mistIds };
    if (note) next.note = note;
    delete next.error;
    await this.redis.mfStepUpdate(this.key(id), stepField(step), JSON.stringify(next), nowIso());
  }

  /** A transient failure that will be retried: the step stays running and shows the last error. */
  async stepRetrying(id: string, step: StepId, error: StepError): Promise<void> {
    const prev = await this.getStep(id, step);
    await this.redis.mfStepUpdate(
      this.key(id),
      stepField(step),
      JSON.stringify({ ...prev, error }),
      nowIso(),
    );
  }

  async stepCancelled(id: string, step: StepId, note: string): Promise<void> {
    const prev = await this.getStep(id, step);
    if (prev.state === "succeeded" || prev.state === "failed") return;
    const next: StepStatus = { ...prev, state: "cancelled", note, finished_at: nowIso() };
    await this.redis.mfStepUpdate(this.key(id), stepField(step), JSON.stringify(next), nowIso());
  }

  /** The step used up its attempts or failed permanently: the deployment fails with its error. */
  async stepFailed(id: string, step: StepId, error: StepError): Promise<void> {
    const prev = await this.getStep(id, step);
    const next: StepStatus = { ...prev, state: "failed", finished_at: nowIso(), error };
    const deploymentError = JSON.stringify({ step, message: error.message });
    const note = `not run: step ${step} failed`;
    await this.redis.mfFail(
      this.key(id),
      stepField(step),
      JSON.stringify(next),
      nowIso(),
      deploymentError,
      note,
    );
  }

  async succeed(id: string): Promise<boolean> {
    return (await this.redis.mfSucceed(this.key(id), nowIso())) === 1;
  }

  /** Newest first. */
  async list(limit = 50, offset = 0): Promise<string[]> {
    return this.redis.zrevrange(this.indexKey, offset, offset + limit - 1);
  }

  /** Blueprints are stored once per content digest and shared by every deployment using them. */
  async saveBlueprint(digest: string, json: string): Promise<void> {
    // Snapshots never change for a digest; re-sending one per request was a round trip with a
    // few KB each. A minute's memory still heals a Redis that lost its data.
    const savedAt = this.savedBlueprints.get(digest);
    if (savedAt !== undefined && Date.now() - savedAt < 60_000) return;
    await this.redis.set(this.blueprintKey(digest), json, "NX");
    this.savedBlueprints.set(digest, Date.now());
  }

  async loadBlueprint(digest: string): Promise<string | null> {
    return this.redis.get(this.blueprintKey(digest));
  }
}
