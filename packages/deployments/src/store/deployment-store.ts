import { errorNamed, luaCommands, type RedisClient } from "@mistflow/config";
import {
  DeploymentRequest,
  type DeploymentStatus,
  type DeploymentView,
  type StepId,
  StepStatus,
} from "@mistflow/contracts";
import { BoundedCache } from "./bounded-cache";
import { type NewDeployment, newRecord, stepField, toView, trustedStep } from "./deployment-record";
import { DeploymentNotFoundError, StepTransitions } from "./step-transitions";

export type { NewDeployment } from "./deployment-record";
export { DeploymentNotFoundError, isDeploymentNotFoundError } from "./step-transitions";

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), [
  "deployment-create-3",
  "deployment-succeed-1",
  "deployment-decommissioned-1",
]);
type ScriptName = "mfDeploymentCreate" | "mfDeploymentSucceed" | "mfDeploymentDecommissioned";
type DeploymentCommands = Record<ScriptName, (...args: (string | number)[]) => Promise<number>>;

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
export const isSiteTearingDownError = errorNamed<SiteTearingDownError>("SiteTearingDownError");

/**
 * The authoritative deployment record, one Redis hash per deployment. It outlives BullMQ job
 * retention and is what `GET /v1/deployments/:id` reads. It never holds secrets: requests carry
 * none, and Mist answers are reduced to object ids. The hash ↔ view mapping is
 * deployment-record.ts, the step writes step-transitions.ts.
 */
export class DeploymentStore extends StepTransitions<DeploymentCommands> {
  private readonly savedBlueprints = new Map<string, number>();
  /** Requests never change once recorded: parsed once per process, checked against the raw JSON. */
  private readonly requests = new BoundedCache<string, { raw: string; request: DeploymentRequest }>(1_000);

  constructor(redis: RedisClient, prefix: string) {
    super(redis, prefix, SCRIPTS);
  }

  blueprintKey(digest: string): string {
    return `${this.prefix}:blueprint:${digest}`;
  }

  /** Creates the record unless one exists for this id; either way returns the current view. */
  async create(input: NewDeployment): Promise<CreateResult> {
    const { fields, view } = newRecord(input, new Date());
    const created = await this.redis.mfDeploymentCreate(
      this.key(input.id),
      this.indexKey,
      teardownMarkerKey(this.prefix, input.request.org_id, input.request.site.name),
      ...Object.entries(fields).flat(),
    );
    if (created === -2) throw new SiteTearingDownError(input.request.site.name);
    // The record is exactly what we just wrote: no need to read it back (this is the hot path
    // of every accepted deployment).
    if (created === 1) return { created: true, view, enqueued: false };
    const current = await this.get(input.id);
    const [digest, enqueued] = await this.redis.hmget(this.key(input.id), "request_digest", "enqueued");
    return { created: false, view: current, enqueued: enqueued === "1", requestDigest: digest ?? "" };
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
    return toView(
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
    if (current !== undefined) this.sawStep(id, step, current);
    const flag = h.caller_token;
    return {
      view: toView(h, trustedStep, cached.request),
      callerToken: flag === undefined ? undefined : flag === "1",
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

  async succeed(id: string): Promise<boolean> {
    return (await this.redis.mfDeploymentSucceed(this.key(id), nowIso())) === 1;
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
    return (await this.redis.mfDeploymentDecommissioned(this.key(id), nowIso())) === 1;
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
