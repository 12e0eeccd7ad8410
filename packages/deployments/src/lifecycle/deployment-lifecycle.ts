import { defineLuaCommands, luaCommands, type RedisClient } from "@mistflow/config";
import type { StepStatus } from "@mistflow/contracts";
import type { DeploymentStore } from "../store";

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), [
  "deployment-retry-reset-1",
  "deployment-cancel-1",
]);
type ScriptName = "mfDeploymentRetryReset" | "mfDeploymentCancel";
type ScriptedRedis = RedisClient & Record<ScriptName, (...args: (string | number)[]) => Promise<number>>;

export type RetryResetResult = "reset" | "not_failed" | "steps_running" | "not_found";
export type CancelResult = "cancelled" | "already_ended" | "finishing" | "not_found";

const retryCodes: Record<string, RetryResetResult> = {
  "1": "reset",
  "0": "not_failed",
  "-2": "steps_running",
  "-1": "not_found",
};
const cancelCodes: Record<string, CancelResult> = {
  "1": "cancelled",
  "0": "already_ended",
  "-3": "finishing",
  "-1": "not_found",
};

/**
 * Retry and cancel of a deployment record, beside the store rather than in it: its transitions
 * are the workers' hot path, these are an operator's.
 */
export class DeploymentLifecycle {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly store: DeploymentStore,
  ) {
    this.redis = defineLuaCommands<ScriptedRedis>(redis, SCRIPTS);
  }

  /** Failed, or reset for a retry whose flow never got enqueued (the API died in between). */
  async isRetryable(id: string): Promise<boolean> {
    const [status, enqueued, retrying] = await this.redis.hmget(
      this.store.key(id),
      "status",
      "enqueued",
      "retrying",
    );
    return status === "failed" || (status === "queued" && enqueued === "0" && retrying === "1");
  }

  /** Every step that did not succeed is pending again and the deployment queued (not yet enqueued). */
  async resetForRetry(id: string): Promise<RetryResetResult> {
    const pending: StepStatus = { state: "pending", attempts: 0, mist_ids: {} };
    const code = await this.redis.mfDeploymentRetryReset(
      this.store.key(id),
      new Date().toISOString(),
      JSON.stringify(pending),
    );
    return retryCodes[String(code)] ?? "not_found";
  }

  async cancel(id: string): Promise<CancelResult> {
    const code = await this.redis.mfDeploymentCancel(
      this.store.key(id),
      new Date().toISOString(),
      "not run: the deployment was cancelled",
    );
    return cancelCodes[String(code)] ?? "not_found";
  }

  /**
   * One operator action at a time per deployment: a retry and a cancel (or two retries) racing
   * would each see the other's half-done job removal.
   */
  async withLock<T>(id: string, fn: () => Promise<T>): Promise<T | undefined> {
    const key = `${this.store.key(id)}:op-lock`;
    const token = `${process.pid}-${Date.now()}-${Math.random()}`;
    if ((await this.redis.set(key, token, "PX", 30_000, "NX")) !== "OK") return undefined;
    try {
      return await fn();
    } finally {
      if ((await this.redis.get(key)) === token) await this.redis.del(key);
    }
  }
}
