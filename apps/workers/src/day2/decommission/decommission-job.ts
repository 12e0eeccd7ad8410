import type { DecommissionJobData, DecommissionStepStatus } from "@mistflow/contracts";
import {
  BlueprintRegistry,
  DecommissionStore,
  DeploymentStore,
  isDecommissionNotFoundError,
  isDeploymentNotFoundError,
} from "@mistflow/deployments";
import { JOB_CATALOG } from "@mistflow/queues";
import { type JobAttempt, parkJob } from "@mistflow/worker-runtime";
import { type Job, UnrecoverableError } from "bullmq";
import { day2Job } from "../day2-job";
import type { Day2Deps, Day2Handler } from "../handlers";
import { TEARDOWN_STEPS } from "./teardown-steps";

interface DecommissionStepOutcome {
  decommission_id: string;
  step: string;
  outcome: "succeeded" | "skipped";
  note: string;
}

const stores = new WeakMap<
  Day2Deps,
  { decommissions: DecommissionStore; deployments: DeploymentStore; registry: BlueprintRegistry }
>();
const storesOf = (deps: Day2Deps) => {
  let s = stores.get(deps);
  if (!s) {
    s = {
      decommissions: new DecommissionStore(deps.redis, deps.prefix),
      deployments: new DeploymentStore(deps.redis, deps.prefix),
      registry: new BlueprintRegistry(deps.redis, deps.prefix),
    };
    stores.set(deps, s);
  }
  return s;
};

const nowIso = () => new Date().toISOString();

/**
 * One step of a site's teardown. The record says which steps are done, so a job re-delivered
 * after kill -9 skips them, and every step converges on its end state (unbound, unassigned, gone,
 * released) from whatever Mist shows now, so repeating one that half ran writes nothing twice.
 */
export const runDecommissionStep: Day2Handler = day2Job(JOB_CATALOG.decommissionStep, (deps) => {
  const { decommissions } = storesOf(deps);
  const logFor = ({ decommission_id, step, generation }: DecommissionJobData, { job }: JobAttempt) =>
    deps.log.child({ decommission: decommission_id, step, generation, attempt: job.attemptsMade + 1 });
  /** The step's state as this attempt wrote it when it began: what a failure is recorded over. */
  const progress: { running?: DecommissionStepStatus } = {};
  return {
    run: (data: DecommissionJobData, { job, token }) => runStep(data, job, token, deps, progress),
    onPark: (data, waitMs, attempt) =>
      logFor(data, attempt).info({ waitMs }, "Mist rate budget exhausted; parking the step"),
    onRetry: async (data, error, attempt) => {
      logFor(data, attempt).warn(
        { err: error.message, status: error.status, final: false },
        "decommission step failed",
      );
      const { running } = progress;
      if (running)
        await decommissions.write(
          data.decommission_id,
          data.generation,
          {},
          { id: data.step, status: { ...running, error: error.message } },
        );
    },
    onFinal: async (data, error, attempt) => {
      logFor(data, attempt).warn(
        { err: error.message, status: error.status, final: true },
        "decommission step failed",
      );
      const { running } = progress;
      if (running)
        await decommissions.fail(data.decommission_id, data.generation, data.step, running, error.message);
    },
  };
});

async function runStep(
  data: DecommissionJobData,
  job: Job,
  token: string | undefined,
  deps: Day2Deps,
  progress: { running?: DecommissionStepStatus },
): Promise<DecommissionStepOutcome> {
  const { decommission_id: id, step, generation } = data;
  const { decommissions, deployments, registry } = storesOf(deps);
  const log = deps.log.child({ decommission: id, step, generation, attempt: job.attemptsMade + 1 });
  const skip = (note: string): DecommissionStepOutcome => {
    log.info({ note }, "decommission step skipped");
    return { decommission_id: id, step, outcome: "skipped", note };
  };

  let view: Awaited<ReturnType<DecommissionStore["get"]>>;
  let deployment: Awaited<ReturnType<DeploymentStore["get"]>>;
  try {
    view = await decommissions.get(id);
    deployment = await deployments.get(view.deployment_id);
  } catch (e) {
    if (isDecommissionNotFoundError(e) || isDeploymentNotFoundError(e))
      throw new UnrecoverableError(`decommission ${id}: ${(e as Error).message}`);
    throw e;
  }
  if (view.generation !== generation) return skip(`generation ${view.generation} runs now`);
  if (view.status === "succeeded" || view.status === "failed") return skip(`decommission is ${view.status}`);
  const prev = view.steps[step];
  if (prev.state === "succeeded") return skip("already done");

  const running: DecommissionStepStatus = {
    ...prev,
    state: prev.state === "waiting" ? "waiting" : "running",
    attempts: prev.state === "waiting" ? prev.attempts : job.attemptsMade + 1,
    started_at: prev.started_at ?? nowIso(),
  };
  delete running.error;
  const status = view.status === "queued" ? "running" : view.status;
  if (!(await decommissions.write(id, generation, { status }, { id: step, status: running }))) {
    return skip("the decommission moved on");
  }
  progress.running = running;

  const outcome = await TEARDOWN_STEPS[step]({
    view,
    deployment,
    mist: await deps.mist.clientFor(view.org_id),
    store: decommissions,
    deployments,
    registry,
    ipam: deps.ipam,
    sites: deps.sites,
    nowMs: Date.now(),
  });
  if (outcome.waitMs !== undefined) {
    await decommissions.write(
      id,
      generation,
      { ...outcome.fields, status: "quarantined" },
      { id: step, status: { ...running, state: "waiting", note: outcome.note } },
    );
    log.info({ waitMs: outcome.waitMs, note: outcome.note }, "decommission step waiting");
    return parkJob(job, token, outcome.waitMs);
  }
  const done: DecommissionStepStatus = {
    ...running,
    state: "succeeded",
    finished_at: nowIso(),
    note: outcome.note,
  };
  const ok =
    step === "close_record"
      ? await decommissions.succeed(id, generation, view.site_id, done)
      : await decommissions.write(
          id,
          generation,
          { ...outcome.fields, status: "running" },
          { id: step, status: done },
        );
  if (!ok) return skip("the decommission moved on");
  if (step === "delete_site") await decommissions.endTeardown(id);
  log.info({ note: outcome.note }, "decommission step succeeded");
  return { decommission_id: id, step, outcome: "succeeded", note: outcome.note };
}
