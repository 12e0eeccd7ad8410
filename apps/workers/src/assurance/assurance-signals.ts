import type { AssuranceReport } from "@mistflow/contracts";
import { StepFailure } from "@mistflow/worker-runtime";

/**
 * The soak window is still open: record `report` (window start included, so a redelivered job
 * carries on with the same window) and park the job for `waitMs`. Parking holds no worker slot
 * and spends no attempt.
 */
export class AssuranceWait extends Error {
  override name = "AssuranceWait";
  constructor(
    readonly waitMs: number,
    readonly report: AssuranceReport,
  ) {
    super(`SLE soak window open; next look in ${waitMs} ms`);
  }
}

/**
 * The window ended with SLEs below threshold. A permanent `StepFailure` (retrying cannot change
 * what users experienced), carrying the per-metric report the deployment ends with.
 */
export class AssuranceFailure extends StepFailure {
  constructor(
    message: string,
    readonly report: AssuranceReport,
  ) {
    super(message, true);
  }
}

export const isAssuranceWait = (e: unknown): e is AssuranceWait => e instanceof AssuranceWait;
export const isAssuranceFailure = (e: unknown): e is AssuranceFailure => e instanceof AssuranceFailure;
