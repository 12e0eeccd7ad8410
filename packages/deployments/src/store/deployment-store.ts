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
import { BoundedCache } from "./bounded-cache";
import { CREATE, DECOMMISSIONED, FAIL, STEP_CAS, STEP_UPDATE, SUCCEED } from "./scripts";

export interface NewDeployment {
  id: string;
  idempotencyKey: string;
  requestDigest: string;
  request: DeploymentRequest;
  blueprint: BlueprintRef;
  /** Optional steps this deployment does not have (no job is enqueued for them), with the reason. */
  skipped?: Partial<Record<StepId, string>>;
  /** The caller passed its own Mist token; without one, workers skip looking for it. */
  callerToken?: boolean;
}

/** One deployment of a site, as a decommission looks for them. */
export interface SiteDeployment {
  id: string;
  org_id: string;
  site_name: string;
  status: DeploymentStatus;
  /** Its site step found or made this very site (else it is headed for a site of that name). */
  siteStepDone: boolean;
  created_ms: number;
}

/** What a worker reads before running a step. */
export interface StepRecord {
  view: DeploymentView;
  /** Whether the deployment came with a caller's Mist token; undefined for records older than the flag. */
  callerToken: boolean | undefined;
}

export type CreateResult =
  | { created: true; view: DeploymentView; enqueued: false }
  | { created: false; view: DeploymentView; enqueued: boolean; requestDigest: string };

const stepField = (step: StepId) => `step:${step}`;
const nowIso = () => new Date().toISOString();

/**
 * Set while a decommission tears down the site of this org and name (from its start until the
 * site is deleted or emptied), so no new deployment binds the site under the teardown.
 */
export const teardownMarkerKey = (prefix: string, orgId: string, siteName: string): string =>
  `${prefix}:dcm-teardown:${orgId}:${siteName.toLowerCase()}`;

export class SiteTearingDownError extends Error {
  override name = "SiteTearingDownError";
  constructor(readonly siteName: string) {
    super(`site ${siteName} is being decommissioned; deploy it again once the teardown has removed it`);
  }
}
export const isSiteTearingDownError = (e: unknown): e is SiteTearingDownError =>
  e instanceof Error && e.name === "SiteTearingDownError";

export class DeploymentNotFoundError extends Error {
  override name = "DeploymentNotFoundError";
  constructor(readonly deploymentId: string) {
    super(`deployment ${deploymentId} not found`);
  }
}
export const isDeploymentNotFoundError = (e: unknown): e is DeploymentNotFoundError =>
  e instanceof Error && e.name === "DeploymentNotFoundError";

type ScriptName = "mfCreate" | "mfStepUpdate" | "mfFail" | "mfSucceed" | "mfDecommissioned";
type ScriptedRedis = RedisClient &
  Record<ScriptName, (...args: (string | number)[]) => Promise<number>> & {
    mfStepCas(...args: (string | number)[]): Promise<number | string>;
  };

/**
 * Step states are written only by this store (JSON.stringify of a StepStatus, or the Lua scripts'
 * cjson): the worker path trusts them instead of running zod over 14 of them per step.
 */
const trustedStep = (raw: string): StepStatus => {
  const step = JSON.parse(raw) as StepStatus;
  step.mist_ids ??= {};
  return step;
};

/**
 * The authoritative deployment record, one Redis hash per deployment. It outlives BullMQ job
 * retention and is what `GET /v1/deployments/:id` reads. It never holds secrets: requests carry
 * none, and Mist answers are reduced to object ids.
 */
export class DeploymentStore {
  private readonly redis: ScriptedRedis;
  private readonly savedBlueprints = new Map<string, number>();
  /**
   * The step JSON this process last read or wrote, per deployment and step: the expected value of
   * the next compare-and-set. A stale entry costs one extra round trip, never a lost update.
   */
  private readonly seenSteps = new BoundedCache<string, string>(2_000);
  /** Requests never change once recorded: parsed once per process, checked against the raw JSON. */
  private readonly requests = new BoundedCache<string, { raw: string; request: DeploymentRequest }>(1_000);

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
  ) {
    this.redis = redis as ScriptedRedis;
    const define = (name: ScriptName, keys: number, lua: string) => {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: keys, lua });
    };
    define("mfCreate", 3, CREATE);
    define("mfStepUpdate", 1, STEP_UPDATE);
    define("mfFail", 1, FAIL);
    define("mfSucceed", 1, SUCCEED);
    define("mfDecommissioned", 1, DECOMMISSIONED);
    if (!("mfStepCas" in redis)) redis.defineCommand("mfStepCas", { numberOfKeys: 1, lua: STEP_CAS });
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
    const initial = (s: StepId): StepStatus => {
      const note = input.skipped?.[s];
      return note === undefined ? { ...pending } : { state: "skipped", attempts: 0, mist_ids: {}, note };
    };
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
      caller_token: input.callerToken ? "1" : "0",
      ...Object.fromEntries(STEP_IDS.map((s) => [stepField(s), JSON.stringify(initial(s))])),
    };
    const created = await this.redis.mfCreate(
      this.key(input.id),
      this.indexKey,
      teardownMarkerKey(this.prefix, input.request.org_id, input.request.site.name),
      ...Object.entries(fields).flat(),
    );
    if (created === -2) throw new SiteTearingDownError(input.request.site.name);
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
        steps: Object.fromEntries(STEP_IDS.map((s) => [s, initial(s)])) as Record<StepId, StepStatus>,
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

  /** A retried submission brought a Mist token that the first one did not. */
  async markCallerToken(id: string): Promise<void> {
    await this.redis.hset(this.key(id), "caller_token", "1");
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.exists(this.key(id))) === 1;
  }

  async get(id: string): Promise<DeploymentView> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.id) throw new DeploymentNotFoundError(id);
    return this.toView(
      h,
      (raw) => StepStatus.parse(JSON.parse(raw)),
      DeploymentRequest.parse(JSON.parse(h.request ?? "{}")),
    );
  }

  /**
   * The record as a step needs it, in one round trip: the request parsed once per process, step
   * states without zod, and the running step remembered as the expected value of its next
   * transition (so `stepStarted` and `stepSucceeded` need no read of their own).
   */
  async readForStep(id: string, step: StepId): Promise<StepRecord> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.id) throw new DeploymentNotFoundError(id);
    const raw = h.request ?? "{}";
    let cached = this.requests.get(id);
    if (cached?.raw !== raw) {
      cached = { raw, request: DeploymentRequest.parse(JSON.parse(raw)) };
      this.requests.set(id, cached);
    }
    const current = h[stepField(step)];
    if (current !== undefined) this.seenSteps.set(`${id} ${step}`, current);
    const flag = h.caller_token;
    return {
      view: this.toView(h, trustedStep, cached.request),
      callerToken: flag === undefined ? undefined : flag === "1",
    };
  }

  private toView(
    h: Record<string, string>,
    parseStep: (raw: string) => StepStatus,
    request: DeploymentRequest,
  ): DeploymentView {
    const steps = Object.fromEntries(
      STEP_IDS.map((s) => [
        s,
        parseStep(h[stepField(s)] ?? '{"state":"pending","attempts":0,"mist_ids":{}}'),
      ]),
    ) as Record<StepId, StepStatus>;
    return {
      id: h.id ?? "",
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
      ...(h.decommission_id ? { decommission_id: h.decommission_id } : {}),
      request,
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

  /**
   * Applies `change` to the step atomically: computed from the step as this process last saw it,
   * written by compare-and-set, recomputed from the current value when another writer got there
   * first. One round trip when the step is as last seen (the hot path), two when it was never seen.
   */
  private async transition(
    id: string,
    step: StepId,
    change: (prev: StepStatus) => StepStatus,
  ): Promise<void> {
    const seenKey = `${id} ${step}`;
    let expected = this.seenSteps.get(seenKey);
    if (expected === undefined) {
      const raw = await this.redis.hget(this.key(id), stepField(step));
      if (raw === null) throw new DeploymentNotFoundError(id);
      expected = raw;
    }
    for (let tries = 0; tries < 20; tries++) {
      const next = JSON.stringify(change(trustedStep(expected)));
      const result = await this.redis.mfStepCas(this.key(id), stepField(step), expected, next, nowIso());
      if (result === 1) {
        this.seenSteps.set(seenKey, next);
        return;
      }
      if (result === -1 || result === "") {
        this.seenSteps.delete(seenKey);
        throw new DeploymentNotFoundError(id);
      }
      expected = String(result);
    }
    throw new Error(`step ${step} of ${id} kept changing under concurrent writers`);
  }

  async stepStarted(id: string, step: StepId, attempt: number): Promise<void> {
    await this.transition(id, step, (prev) => {
      const next: StepStatus = {
        ...prev,
        state: "running",
        attempts: attempt,
        started_at: prev.started_at ?? nowIso(),
      };
      delete next.error;
      return next;
    });
  }

  async stepSucceeded(
    id: string,
    step: StepId,
    mistIds: StepStatus["mist_ids"],
    note?: string,
    /** The assurance step's final report. */
    extra?: Pick<StepStatus, "assurance">,
  ): Promise<void> {
    await this.transition(id, step, (prev) => {
      const next: StepStatus = {
        ...prev,
        ...extra,
        state: "succeeded",
        finished_at: nowIso(),
        mist_ids: mistIds,
      };
      if (note) next.note = note;
      delete next.error;
      return next;
    });
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

  /**
   * Progress of a step that waits between runs (the assurance step's soak window): the step stays
   * running and keeps what the next run must continue from.
   */
  async stepProgress(id: string, step: StepId, patch: Pick<StepStatus, "assurance" | "note">): Promise<void> {
    await this.transition(id, step, (prev) => ({ ...prev, ...patch }));
  }

  async stepCancelled(id: string, step: StepId, note: string): Promise<void> {
    const prev = await this.getStep(id, step);
    if (prev.state === "succeeded" || prev.state === "failed" || prev.state === "skipped") return;
    const next: StepStatus = { ...prev, state: "cancelled", note, finished_at: nowIso() };
    await this.redis.mfStepUpdate(this.key(id), stepField(step), JSON.stringify(next), nowIso());
  }

  /**
   * The step used up its attempts or failed permanently: the deployment fails with its error.
   * The assurance step ends it `failed_assurance` instead, with its per-metric report.
   */
  async stepFailed(
    id: string,
    step: StepId,
    error: StepError,
    assurance?: { status: "failed_assurance"; report: NonNullable<StepStatus["assurance"]> },
  ): Promise<void> {
    const prev = await this.getStep(id, step);
    const next: StepStatus = {
      ...prev,
      ...(assurance ? { assurance: assurance.report } : {}),
      state: "failed",
      finished_at: nowIso(),
      error,
    };
    const deploymentError = JSON.stringify({ step, message: error.message });
    const note = `not run: step ${step} failed`;
    await this.redis.mfFail(
      this.key(id),
      stepField(step),
      JSON.stringify(next),
      nowIso(),
      deploymentError,
      note,
      ...(assurance ? [assurance.status] : []),
    );
  }

  async succeed(id: string): Promise<boolean> {
    return (await this.redis.mfSucceed(this.key(id), nowIso())) === 1;
  }

  /**
   * Every deployment of one Mist site, newest first: those whose site step found or made it, and
   * those of the same org and site name whose site step has not succeeded yet (they are on their
   * way to the same site). An operator's action reads this, not a step, so a scan of the index in
   * pipelined batches is cheap enough and needs no second index to keep in step.
   */
  async deploymentsOfSite(siteId: string): Promise<SiteDeployment[]> {
    const ids = await this.redis.zrevrange(this.indexKey, 0, -1);
    const rows: Array<SiteDeployment & { stepSite: string | undefined }> = [];
    for (let i = 0; i < ids.length; i += 1_000) {
      const batch = ids.slice(i, i + 1_000);
      const pipe = this.redis.pipeline();
      for (const id of batch)
        pipe.hmget(this.key(id), "org_id", "site_name", "status", stepField("s01"), "created_ms");
      const replies = (await pipe.exec()) ?? [];
      replies.forEach(([err, reply], j) => {
        if (err || !Array.isArray(reply)) return;
        const [org, name, status, rawStep, createdMs] = reply as (string | null)[];
        if (!org || !status) return;
        const step = rawStep ? trustedStep(rawStep) : undefined;
        const stepSite = step?.state === "succeeded" ? step.mist_ids.site_id : undefined;
        rows.push({
          id: batch[j] as string,
          org_id: org,
          site_name: name ?? "",
          status: status as DeploymentStatus,
          siteStepDone: stepSite === siteId,
          created_ms: Number(createdMs ?? 0),
          stepSite: typeof stepSite === "string" ? stepSite : undefined,
        });
      });
    }
    const built = rows.filter((r) => r.siteStepDone);
    const names = new Set(built.map((r) => `${r.org_id}\n${r.site_name.toLowerCase()}`));
    return rows
      .filter(
        (r) =>
          r.siteStepDone ||
          (r.stepSite === undefined && names.has(`${r.org_id}\n${r.site_name.toLowerCase()}`)),
      )
      .map(({ stepSite: _s, ...r }) => r);
  }

  /** A decommission of the site began: the record points at it from now on. */
  async markDecommissioning(id: string, decommissionId: string): Promise<void> {
    if ((await this.redis.hsetnx(this.key(id), "decommission_id", decommissionId)) === 0) {
      const current = await this.redis.hget(this.key(id), "decommission_id");
      if (current !== decommissionId) await this.redis.hset(this.key(id), "decommission_id", decommissionId);
    }
  }

  /** The site is gone: the record ends `decommissioned`. Idempotent; false without a record. */
  async markDecommissioned(id: string): Promise<boolean> {
    return (await this.redis.mfDecommissioned(this.key(id), nowIso())) === 1;
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
