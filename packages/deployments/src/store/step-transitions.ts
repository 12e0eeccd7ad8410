import {
  errorNamed,
  type LuaCommand,
  luaCommands,
  RecordNotFoundError,
  RecordStore,
  type RedisClient,
} from "@mistflow/config";
import type { StepError, StepId, StepStatus } from "@mistflow/contracts";
import { BoundedCache } from "./bounded-cache";
import { stepField, trustedStep } from "./deployment-record";

export class DeploymentNotFoundError extends RecordNotFoundError {
  override name = "DeploymentNotFoundError";
  constructor(id: string) {
    super("deployment", id);
  }
}
export const isDeploymentNotFoundError = errorNamed<DeploymentNotFoundError>("DeploymentNotFoundError");

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), ["step-cas-1", "step-fail-1"]);
type CasReply = Promise<number | string>;
interface StepCommands {
  mfStepCas(key: string, field: string, expected: string, next: string, now: string): CasReply;
  mfStepFail(key: string, field: string, expected: string, next: string, ...args: string[]): CasReply;
}

const nowIso = () => new Date().toISOString();

/**
 * The step writes of the deployment record. Every one is a compare-and-set of the step's JSON
 * (step-cas-1.lua, or step-fail-1.lua when the step's failure also fails the deployment): the
 * next state is computed from the step as this process last saw it and recomputed from the
 * current value when another writer got there first, so two processes never lose an update.
 */
export abstract class StepTransitions<Commands extends object> extends RecordStore<Commands & StepCommands> {
  /**
   * The step JSON this process last read or wrote, per deployment and step: the expected value of
   * the next compare-and-set. A stale entry costs one extra round trip, never a lost update.
   */
  private readonly seenSteps = new BoundedCache<string, string>(2_000);

  constructor(redis: RedisClient, prefix: string, ...scripts: (readonly LuaCommand[])[]) {
    super(redis, prefix, "dep", SCRIPTS, ...scripts);
  }

  /** A step as just read from the record: the expected value of its next transition. */
  protected sawStep(id: string, step: StepId, raw: string): void {
    this.seenSteps.set(`${id} ${step}`, raw);
  }

  /**
   * Applies `change` to the step atomically (undefined: leave it as it is). One round trip when
   * the step is as last seen (the hot path), two when it was never seen.
   */
  private async transition(
    id: string,
    step: StepId,
    change: (prev: StepStatus) => StepStatus | undefined,
    write: (key: string, field: string, expected: string, next: string) => CasReply = (key, field, e, n) =>
      this.redis.mfStepCas(key, field, e, n, nowIso()),
  ): Promise<void> {
    const seenKey = `${id} ${step}`;
    let expected = this.seenSteps.get(seenKey);
    if (expected === undefined) {
      const raw = await this.redis.hget(this.key(id), stepField(step));
      if (raw === null) throw new DeploymentNotFoundError(id);
      expected = raw;
    }
    for (let tries = 0; tries < 20; tries++) {
      const changed = change(trustedStep(expected));
      if (changed === undefined) return;
      const next = JSON.stringify(changed);
      const result = await write(this.key(id), stepField(step), expected, next);
      if (result === -1 || result === "") {
        this.seenSteps.delete(seenKey);
        throw new DeploymentNotFoundError(id);
      }
      if (typeof result === "number") {
        this.seenSteps.set(seenKey, next);
        return;
      }
      expected = result;
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
    await this.transition(id, step, (prev) => ({ ...prev, error }));
  }

  /**
   * Progress of a step that waits between runs (the assurance step's soak window): the step stays
   * running and keeps what the next run must continue from.
   */
  async stepProgress(id: string, step: StepId, patch: Pick<StepStatus, "assurance" | "note">): Promise<void> {
    await this.transition(id, step, (prev) => ({ ...prev, ...patch }));
  }

  async stepCancelled(id: string, step: StepId, note: string): Promise<void> {
    await this.transition(id, step, (prev) =>
      prev.state === "succeeded" || prev.state === "failed" || prev.state === "skipped"
        ? undefined
        : { ...prev, state: "cancelled", note, finished_at: nowIso() },
    );
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
    const deploymentError = JSON.stringify({ step, message: error.message });
    const note = `not run: step ${step} failed`;
    await this.transition(
      id,
      step,
      (prev) => ({
        ...prev,
        ...(assurance ? { assurance: assurance.report } : {}),
        state: "failed",
        finished_at: nowIso(),
        error,
      }),
      (key, field, expected, next) =>
        this.redis.mfStepFail(
          key,
          field,
          expected,
          next,
          nowIso(),
          deploymentError,
          note,
          ...(assurance ? [assurance.status] : []),
        ),
    );
  }
}
