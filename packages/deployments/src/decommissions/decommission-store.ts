import { randomBytes } from "node:crypto";
import {
  errorNamed,
  luaCommands,
  MARKER_COMMANDS,
  type MarkerCommands,
  RecordNotFoundError,
  RecordStore,
  type RedisClient,
} from "@mistflow/config";
import {
  DECOMMISSION_STEP_IDS,
  type DecommissionPlan,
  type DecommissionStatus,
  type DecommissionStepId,
  type DecommissionStepStatus,
  type DecommissionView,
  type StoredDecommissionRequest,
  DecommissionView as ViewSchema,
} from "@mistflow/contracts";
import { teardownMarkerKey } from "../store";

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), [
  "decommission-create-4",
  "decommission-write-1",
  "decommission-resume-2",
]);
interface DecommissionCommands extends MarkerCommands {
  mfDecommissionCreate(...args: (string | number)[]): Promise<[string, string]>;
  mfDecommissionWrite(...args: (string | number)[]): Promise<number>;
  mfDecommissionResume(...args: (string | number)[]): Promise<number>;
}

export const newDecommissionId = (): string => `dcm-${randomBytes(12).toString("hex")}`;
export const DECOMMISSION_ID = /^dcm-[0-9a-f]{24}$/;

export class DecommissionNotFoundError extends RecordNotFoundError {
  override name = "DecommissionNotFoundError";
  constructor(id: string) {
    super("decommission", id);
  }
}
export const isDecommissionNotFoundError = errorNamed<DecommissionNotFoundError>("DecommissionNotFoundError");

export interface NewDecommission {
  id: string;
  site_id: string;
  site_name: string;
  org_id: string;
  deployment_id: string;
  /** The site name deployments use (the deployment request's), which the teardown marker is for. */
  deployment_site_name: string;
  request: StoredDecommissionRequest;
  plan: DecommissionPlan;
}

export type CreateDecommissionResult =
  | { status: "created"; view: DecommissionView }
  /** Another decommission of this site has not finished: its id. */
  | { status: "busy"; active_id: string };

/** Statuses in which the teardown's jobs may still write. */
const LIVE: readonly DecommissionStatus[] = ["queued", "running", "quarantined"];

const stepField = (step: DecommissionStepId) => `step:${step}`;
const nowIso = () => new Date().toISOString();

/**
 * Decommission records: one Redis hash each, plus a marker per site that keeps a second
 * decommission of the same site from starting while one is unfinished. The record is the
 * teardown's memory: a job re-delivered after kill -9 reads which steps are done and carries on.
 */
export class DecommissionStore extends RecordStore<DecommissionCommands> {
  constructor(redis: RedisClient, prefix: string) {
    super(redis, prefix, "dcm", SCRIPTS, MARKER_COMMANDS);
  }

  private markerKey(siteId: string): string {
    return `${this.prefix}:dcm-site:${siteId}`;
  }

  async create(input: NewDecommission): Promise<CreateDecommissionResult> {
    const now = new Date();
    const pending: DecommissionStepStatus = { state: "pending", attempts: 0 };
    const fields: Record<string, string> = {
      id: input.id,
      status: "queued",
      site_id: input.site_id,
      site_name: input.site_name,
      org_id: input.org_id,
      deployment_id: input.deployment_id,
      deployment_site_name: input.deployment_site_name,
      generation: "0",
      request: JSON.stringify(input.request),
      plan: JSON.stringify(input.plan),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      enqueued: "0",
      ...Object.fromEntries(DECOMMISSION_STEP_IDS.map((s) => [stepField(s), JSON.stringify(pending)])),
    };
    const [status, id] = await this.redis.mfDecommissionCreate(
      this.key(input.id),
      this.markerKey(input.site_id),
      this.indexKey,
      teardownMarkerKey(this.prefix, input.org_id, input.deployment_site_name),
      input.id,
      now.getTime(),
      ...Object.entries(fields).flat(),
    );
    if (status === "busy") return { status: "busy", active_id: id };
    return { status: "created", view: await this.get(id) };
  }

  /** The unfinished decommission of this site, if any. */
  activeFor(siteId: string): Promise<string | null> {
    return this.redis.get(this.markerKey(siteId));
  }

  async markEnqueued(id: string, generation: number): Promise<void> {
    await this.redis.hset(this.key(id), "enqueued", String(generation + 1));
  }

  /** Whether the chain of this generation made it into BullMQ (a retried POST finishes the job). */
  async isEnqueued(id: string, generation: number): Promise<boolean> {
    return Number((await this.redis.hget(this.key(id), "enqueued")) ?? 0) > generation;
  }

  async get(id: string): Promise<DecommissionView> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.id) throw new DecommissionNotFoundError(id);
    return ViewSchema.parse({
      id: h.id,
      status: h.status,
      site_id: h.site_id,
      site_name: h.site_name,
      org_id: h.org_id,
      deployment_id: h.deployment_id,
      generation: Number(h.generation ?? 0),
      request: JSON.parse(h.request ?? "{}"),
      plan: JSON.parse(h.plan ?? "{}"),
      steps: Object.fromEntries(
        DECOMMISSION_STEP_IDS.map((s) => [
          s,
          JSON.parse(h[stepField(s)] ?? '{"state":"pending","attempts":0}'),
        ]),
      ),
      ...(h.devices ? { devices: JSON.parse(h.devices) } : {}),
      ...(h.ip_block ? { ip_block: h.ip_block } : {}),
      ...(h.quarantine_until ? { quarantine_until: h.quarantine_until } : {}),
      created_at: h.created_at,
      updated_at: h.updated_at,
      ...(h.finished_at ? { finished_at: h.finished_at } : {}),
      ...(h.error ? { error: JSON.parse(h.error) } : {}),
    });
  }

  /**
   * Writes `fields` (and the step, when given) for `generation` while the record is live.
   * False when a resume superseded this generation or the decommission already ended.
   */
  async write(
    id: string,
    generation: number,
    fields: Record<string, string>,
    step?: { id: DecommissionStepId; status: DecommissionStepStatus },
  ): Promise<boolean> {
    const all: Record<string, string> = { ...fields, updated_at: nowIso() };
    if (step) all[stepField(step.id)] = JSON.stringify(step.status);
    const r = await this.redis.mfDecommissionWrite(
      this.key(id),
      generation,
      LIVE.join(","),
      ...Object.entries(all).flat(),
    );
    if (r === -1) throw new DecommissionNotFoundError(id);
    return r === 1;
  }

  /**
   * The site is deleted or emptied: deployments of its name may start again (a new site, or the
   * emptied one rebuilt), while the IP quarantine goes on. Also when the decommission fails: the
   * operator may rather redeploy the half torn-down site than resume.
   */
  async endTeardown(id: string): Promise<void> {
    const [org, name] = await this.redis.hmget(this.key(id), "org_id", "deployment_site_name");
    if (org && name) await this.redis.mfReleaseIfHolder(teardownMarkerKey(this.prefix, org, name), id);
  }

  /** The step failed for good: the decommission fails with its error and can be resumed. */
  async fail(
    id: string,
    generation: number,
    step: DecommissionStepId,
    prev: DecommissionStepStatus,
    message: string,
  ) {
    const at = nowIso();
    await this.endTeardown(id);
    return this.write(
      id,
      generation,
      { status: "failed", finished_at: at, error: JSON.stringify({ step, message }) },
      { id: step, status: { ...prev, state: "failed", finished_at: at, error: message } },
    );
  }

  /** The last step ran: the record ends and the site may be decommissioned again later. */
  async succeed(
    id: string,
    generation: number,
    siteId: string,
    step: DecommissionStepStatus,
  ): Promise<boolean> {
    const ok = await this.write(
      id,
      generation,
      { status: "succeeded", finished_at: nowIso() },
      { id: "close_record", status: step },
    );
    if (ok) await this.redis.mfReleaseIfHolder(this.markerKey(siteId), id);
    return ok;
  }

  /** A failed decommission starts over as the next generation; undefined when it is not failed. */
  async resume(id: string): Promise<number | undefined> {
    const [org, name] = await this.redis.hmget(this.key(id), "org_id", "deployment_site_name");
    const r = await this.redis.mfDecommissionResume(
      this.key(id),
      teardownMarkerKey(this.prefix, org ?? "", name ?? ""),
      nowIso(),
    );
    if (r === -1) throw new DecommissionNotFoundError(id);
    return r === 0 ? undefined : r;
  }
}
