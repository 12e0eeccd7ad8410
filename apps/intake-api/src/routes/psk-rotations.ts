import {
  PSK_ROTATION_ID,
  PSK_SCHEDULE_ID,
  PskRotationRequest,
  PskRotationScheduleRequest,
  type PskScheduleJobData,
} from "@mistflow/contracts";
import { newPskRotationId, type PskRotationStore } from "@mistflow/psk-rotations";
import {
  enqueuePskRotation,
  expireOldPassphraseJobId,
  listPskSchedules,
  pskScheduleId,
  rotatePskJobId,
  type StepRetryPolicy,
  scheduleOldPassphraseExpiry,
  upsertPskSchedule,
} from "@mistflow/queues";
import type { JobSchedulerJson, Queue } from "bullmq";
import { Hono, type MiddlewareHandler } from "hono";
import { ApiError, fieldIssues, validationError } from "../errors";
import { readJson } from "./read-json";
import { requestedBy } from "./requested-by";

export interface PskRotationDeps {
  store: PskRotationStore;
  /** The day2 queue, served by the day2 workers. */
  queue: Queue;
  /** Retries of the rotation jobs (`PSK_ROTATION_BACKOFF_MS`); the production default when absent. */
  retry?: StepRetryPolicy;
  /** Names of the sinks in `PSK_SINKS_FILE` / `PSK_SINKS`; the API needs no sink secret. */
  sinks: ReadonlySet<string>;
  /** Guards every change (rotate, schedule, retry, unschedule): the admin scope or admin login. */
  admin: MiddlewareHandler;
  /** The admin login's user name, recorded as who asked when the API has no keys. */
  adminName?: string;
}

const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pskRotationLocation = (id: string) => `/v1/psk-rotations/${id}`;

const requireSink = (sinks: ReadonlySet<string>, sink: string) => {
  if (!sinks.has(sink)) {
    const known = [...sinks].join(", ") || "none: set PSK_SINKS_FILE";
    throw validationError(
      [{ field: "sink", message: `no PSK sink named ${sink} is configured (${known})` }],
      422,
    );
  }
};

const scheduleView = (s: JobSchedulerJson<PskScheduleJobData>) => {
  const t = s.template?.data;
  return {
    id: s.key,
    org_id: t?.org_id,
    psk_names: t?.psk_names,
    ...(s.pattern ? { cron: s.pattern, tz: s.tz ?? "UTC" } : { every_s: (s.every ?? 0) / 1_000 }),
    policy: t?.policy,
    overlap_s: t?.overlap_s,
    sink: t?.sink,
    requested_by: t?.requested_by,
    iterations: s.iterationCount ?? 0,
    ...(s.next ? { next_run_at: new Date(s.next).toISOString() } : {}),
  };
};

/**
 * `/v1/psk-rotations`: rotate an org PSK now or on a schedule, and read the history. The API
 * records and enqueues; the day2 workers generate, set, deliver and expire. No passphrase ever
 * passes through here.
 */
export function pskRotationRoutes(deps: PskRotationDeps) {
  const app = new Hono();

  app.post("/", deps.admin, async (c) => {
    const parsed = PskRotationRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const req = parsed.data;
    requireSink(deps.sinks, req.sink);
    const at = new Date().toISOString();
    const outcome = await deps.store.create({
      id: newPskRotationId(),
      org_id: req.org_id,
      psk_name: req.psk_name,
      sink: req.sink,
      overlap_s: req.overlap_s,
      policy: req.policy,
      state: "queued",
      requested_by: requestedBy(c, deps.adminName),
      created_at: at,
      updated_at: at,
    });
    if (outcome.status === "busy") {
      c.header("Location", pskRotationLocation(outcome.active_id));
      throw new ApiError(
        409,
        "rotation_in_progress",
        `PSK ${req.psk_name} has an unfinished rotation ${outcome.active_id}; a new one starts after its overlap`,
      );
    }
    await enqueuePskRotation(deps.queue, outcome.rotation.id, deps.retry);
    c.header("Location", pskRotationLocation(outcome.rotation.id));
    return c.json(outcome.rotation, 202);
  });

  app.get("/", async (c) => {
    const orgId = c.req.query("org_id");
    if (!orgId || !ORG_ID.test(orgId))
      throw validationError([{ field: "org_id", message: "is required: a Mist org id (UUID)" }]);
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    return c.json(await deps.store.list(orgId, limit));
  });

  app.post("/schedules", deps.admin, async (c) => {
    const parsed = PskRotationScheduleRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const req = parsed.data;
    requireSink(deps.sinks, req.sink);
    const id = pskScheduleId(req.org_id, req.psk_names);
    const existed = (await deps.queue.getJobScheduler(id)) !== undefined;
    const data: PskScheduleJobData = {
      schedule_id: id,
      org_id: req.org_id,
      psk_names: req.psk_names,
      policy: req.policy,
      overlap_s: req.overlap_s,
      sink: req.sink,
      requested_by: requestedBy(c, deps.adminName),
    };
    try {
      await upsertPskSchedule(
        deps.queue,
        data,
        req.cron !== undefined ? { cron: req.cron, tz: req.tz } : { every_s: req.every_s ?? 0 },
      );
    } catch (e) {
      // cron-parser, inside BullMQ, rejects the pattern before anything is written.
      if (req.cron === undefined) throw e;
      throw validationError([{ field: "cron", message: `not a cron pattern: ${(e as Error).message}` }]);
    }
    const stored = await deps.queue.getJobScheduler(id);
    if (!stored) throw validationError([{ field: "cron", message: "never fires" }]);
    c.header("Location", `/v1/psk-rotations/schedules/${id}`);
    return c.json(scheduleView(stored as JobSchedulerJson<PskScheduleJobData>), existed ? 200 : 201);
  });

  app.get("/schedules", async (c) => {
    const orgId = c.req.query("org_id");
    const all = (await listPskSchedules(deps.queue)).map(scheduleView);
    return c.json(orgId ? all.filter((s) => s.org_id === orgId) : all);
  });

  app.delete("/schedules/:id", deps.admin, async (c) => {
    const id = c.req.param("id");
    const known = PSK_SCHEDULE_ID.test(id) && (await deps.queue.getJobScheduler(id)) !== undefined;
    if (!known || !(await deps.queue.removeJobScheduler(id)))
      throw new ApiError(404, "not_found", `PSK rotation schedule ${id} not found`);
    return c.json({ id, removed: true });
  });

  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    const view = PSK_ROTATION_ID.test(id) ? await deps.store.get(id) : undefined;
    if (!view) throw new ApiError(404, "not_found", `PSK rotation ${id} not found`);
    return c.json(view);
  });

  /**
   * Resumes a rotation that failed half-way, where it stopped: after Mist took the new passphrase
   * but the sink never did (delivered from the sealed copy, then the overlap runs), or when
   * removing `old_passphrase` failed (removed now). Earlier failures changed nothing: start anew.
   */
  app.post("/:id/retry", deps.admin, async (c) => {
    const id = c.req.param("id");
    const view = PSK_ROTATION_ID.test(id) ? await deps.store.get(id) : undefined;
    if (!view) throw new ApiError(404, "not_found", `PSK rotation ${id} not found`);
    const resumeIn = view.failed_in;
    if (view.state !== "failed" || (resumeIn !== "applied" && resumeIn !== "delivered"))
      throw new ApiError(
        409,
        "not_retryable",
        `PSK rotation ${id} is ${view.state}${resumeIn ? ` (failed in ${resumeIn})` : ""}: only a rotation that failed after Mist took the new passphrase can be retried`,
      );
    await deps.store.update(id, {
      state: resumeIn,
      failed_at: undefined,
      failed_in: undefined,
      error: undefined,
    });
    const jobId = resumeIn === "applied" ? rotatePskJobId(id) : expireOldPassphraseJobId(id);
    const job = await deps.queue.getJob(jobId);
    if (job && (await job.isFailed()))
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    else if (!job && resumeIn === "applied") await enqueuePskRotation(deps.queue, id, deps.retry);
    else if (!job) await scheduleOldPassphraseExpiry(deps.queue, id, 0, deps.retry);
    c.header("Location", pskRotationLocation(id));
    return c.json(await deps.store.get(id), 202);
  });

  return app;
}
