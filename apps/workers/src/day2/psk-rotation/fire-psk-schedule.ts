import { createHash } from "node:crypto";
import type { PskScheduleJobData } from "@mistflow/contracts";
import { enqueuePskRotation, JOB_CATALOG, pskRotationRetryPolicy } from "@mistflow/queues";
import type { Job } from "bullmq";
import { day2Job } from "../day2-job";
import type { Day2Deps, Day2Handler } from "../handlers";
import { pskRotationContext } from "./psk-rotation-context";

/**
 * One firing of a schedule: a rotation per PSK. Rotation ids derive from the firing's job id,
 * so a redelivered firing finds its rotations instead of starting more. A PSK whose previous
 * rotation has not finished (still in its overlap) is skipped this time.
 */
export const firePskSchedule: Day2Handler = day2Job(JOB_CATALOG.firePskSchedule, (deps) => ({
  run: (s: PskScheduleJobData, { job }) => fire(s, job, deps),
}));

async function fire(s: PskScheduleJobData, job: Job, deps: Day2Deps) {
  const { store } = pskRotationContext(deps);
  const started: string[] = [];
  const skipped: string[] = [];
  for (const pskName of s.psk_names) {
    const digest = createHash("sha256").update(`${job.id}\n${pskName}`).digest("hex");
    const id = `pskrot-${digest.slice(0, 24)}`;
    const at = new Date().toISOString();
    const outcome = await store.create({
      id,
      org_id: s.org_id,
      psk_name: pskName,
      sink: s.sink,
      overlap_s: s.overlap_s,
      policy: s.policy,
      state: "queued",
      requested_by: { kind: "schedule", name: s.schedule_id },
      schedule_id: s.schedule_id,
      created_at: at,
      updated_at: at,
    });
    if (outcome.status === "busy") {
      skipped.push(pskName);
      deps.log.warn(
        { schedule_id: s.schedule_id, org_id: s.org_id, psk_name: pskName, active: outcome.active_id },
        "scheduled PSK rotation skipped: the previous one has not finished",
      );
      continue;
    }
    await enqueuePskRotation(deps.queue, id, pskRotationRetryPolicy(deps.env.PSK_ROTATION_BACKOFF_MS));
    started.push(id);
  }
  deps.log.info({ schedule_id: s.schedule_id, started, skipped }, "PSK rotation schedule fired");
  return { started, skipped };
}
