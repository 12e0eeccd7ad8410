import {
  DecommissionJobData,
  DOMAINS,
  NotifyJobData,
  PskRotationJobData,
  PskScheduleJobData,
  RolloutJobData,
  RootJobData,
  StepJobData,
  UpgradeWaveJobData,
} from "@mistflow/contracts";
import { z } from "zod";
import { DECOMMISSION_QUEUE, DECOMMISSION_STEP_JOB } from "../decommission-flow";
import { QUEUE_NAMES, ROOT_JOB_NAME, ROOT_QUEUE } from "../names";
import { NOTIFY_JOB_NAME, NOTIFY_QUEUE } from "../notify-queue";
import {
  EXPIRE_PSK_OLD_PASSPHRASE_JOB,
  FIRE_PSK_SCHEDULE_JOB,
  PSK_ROTATION_QUEUE,
  ROTATE_PSK_JOB,
} from "../psk-rotation";
import { DRIFT_CHECK_JOB, ROLLOUT_PHASE_JOB, ROLLOUT_QUEUE } from "../rollouts";
import { UPGRADE_QUEUE, UPGRADE_WAVE_JOB } from "../upgrade-flow";

/**
 * Every job kind mistflow enqueues, declared once: its name, the queue it goes to, and the zod
 * schema of its payload, which the worker's envelope (`defineJob` in @mistflow/worker-runtime)
 * validates again when it picks the job up. Step jobs share one payload and are named after their
 * step (`STEPS` in contracts); the day2 queue also carries the assurance step.
 */
export const JOB_CATALOG = {
  step: { name: "(the step's name)", queues: DOMAINS.map((d) => QUEUE_NAMES[d]), payload: StepJobData },
  completeDeployment: { name: ROOT_JOB_NAME, queues: [QUEUE_NAMES[ROOT_QUEUE]], payload: RootJobData },
  upgradeWave: { name: UPGRADE_WAVE_JOB, queues: [UPGRADE_QUEUE], payload: UpgradeWaveJobData },
  decommissionStep: {
    name: DECOMMISSION_STEP_JOB,
    queues: [DECOMMISSION_QUEUE],
    payload: DecommissionJobData,
  },
  rotatePsk: { name: ROTATE_PSK_JOB, queues: [PSK_ROTATION_QUEUE], payload: PskRotationJobData },
  expirePskOldPassphrase: {
    name: EXPIRE_PSK_OLD_PASSPHRASE_JOB,
    queues: [PSK_ROTATION_QUEUE],
    payload: PskRotationJobData,
  },
  firePskSchedule: { name: FIRE_PSK_SCHEDULE_JOB, queues: [PSK_ROTATION_QUEUE], payload: PskScheduleJobData },
  rolloutPhase: { name: ROLLOUT_PHASE_JOB, queues: [ROLLOUT_QUEUE], payload: RolloutJobData },
  /** A repeatable job with no payload of its own. */
  driftCheck: { name: DRIFT_CHECK_JOB, queues: [ROLLOUT_QUEUE], payload: z.object({}) },
  notifyTicket: { name: NOTIFY_JOB_NAME, queues: [NOTIFY_QUEUE], payload: NotifyJobData },
} as const;

export type JobKindName = keyof typeof JOB_CATALOG;
