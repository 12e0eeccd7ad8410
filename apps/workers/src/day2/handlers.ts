import type { RedisClient } from "@mistflow/config";
import type { BlueprintRegistry } from "@mistflow/deployments";
import type { IpamAllocator } from "@mistflow/ipam";
import type { Logger } from "@mistflow/logger";
import type { TokenPool } from "@mistflow/mist-client";
import {
  DECOMMISSION_STEP_JOB,
  EXPIRE_PSK_OLD_PASSPHRASE_JOB,
  FIRE_PSK_SCHEDULE_JOB,
  ROTATE_PSK_JOB,
  UPGRADE_WAVE_JOB,
} from "@mistflow/queues";
import type { SecretSource } from "@mistflow/secrets";
import type { RedisLock } from "@mistflow/worker-runtime";
import type { FlowProducer, Job, Queue } from "bullmq";
import type { OrgCatalog, SiteDirectory } from "../catalog";
import type { WorkersEnv } from "../env";
import { runDecommissionStep } from "./decommission";
import { expireOldPassphrase, firePskSchedule, rotatePsk } from "./psk-rotation";
import { runUpgradeWave } from "./upgrades";

/** What every Day 2 job (upgrade waves, PSK rotations, decommissions) may use; built once per process. */
export interface Day2Deps {
  redis: RedisClient;
  prefix: string;
  mist: TokenPool;
  flows: FlowProducer;
  /** The day2 queue itself, for follow-up jobs (polls, next waves, overlap expiry). */
  queue: Queue;
  secrets: SecretSource;
  log: Logger;
  /** The process's parsed env: Day 2 settings (PSK sinks, the PSK encryption key …). */
  env: WorkersEnv;
  /** Where secrets that config files name by variable (`secret_env`) are looked up. */
  secretEnv: Readonly<Record<string, string | undefined>>;
  /** A decommission quarantines and releases the site's IP block. */
  ipam: IpamAllocator;
  /** The steps' site directory, which a deleted site must leave. */
  sites: SiteDirectory;
  /** Blueprint versions and site bindings: a rollout moves sites between versions. */
  registry: BlueprintRegistry;
  /** A rollout's prepare runs the blueprint's org steps, which take these like a deployment's. */
  lock: RedisLock;
  catalog: OrgCatalog;
}

export type Day2Handler = (job: Job, token: string | undefined, deps: Day2Deps) => Promise<unknown>;

/**
 * Day 2 job name → handler. The day2 queue also carries deployment steps (the assurance step);
 * a job whose name is not here goes to the step processor.
 */
export const DAY2_HANDLERS: Readonly<Record<string, Day2Handler>> = {
  [UPGRADE_WAVE_JOB]: runUpgradeWave,
  [DECOMMISSION_STEP_JOB]: runDecommissionStep,
  [ROTATE_PSK_JOB]: rotatePsk,
  [EXPIRE_PSK_OLD_PASSPHRASE_JOB]: expireOldPassphrase,
  [FIRE_PSK_SCHEDULE_JOB]: firePskSchedule,
};
