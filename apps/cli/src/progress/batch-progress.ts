import {
  type BatchDeployment,
  type BatchView,
  hasEnded,
  STEP_IDS,
  STEPS,
  type StepState,
} from "@mistflow/contracts";
import { STEP_MARK } from "./step-marks";

const verdict = (d: BatchDeployment) =>
  d.status === "succeeded" ? "DEPLOYED" : d.status === "cancelled" ? "CANCELLED" : "FAILED";

export interface ProgressSink {
  /** One finished line (pipes, CI logs). */
  line(text: string): void;
  /** Replace the task list on screen (terminals); absent when stdout is not a TTY. */
  redraw?(lines: string[]): void;
}

/**
 * A batch's progress per site and per step. On a terminal: a task list redrawn in place, one
 * line per site. Elsewhere: one plain line per step transition and per finished site, so a CI
 * log or a grep reads the same story.
 */
export class BatchProgress {
  private readonly seen = new Map<string, StepState | string>();

  constructor(
    private readonly sink: ProgressSink,
    private readonly rows = 40,
  ) {}

  update(batch: BatchView): void {
    if (this.sink.redraw) this.sink.redraw(this.taskList(batch));
    else for (const d of batch.deployments) this.plain(d);
  }

  private label = (d: BatchDeployment) => d.site_name.padEnd(28).slice(0, 28);

  private plain(d: BatchDeployment): void {
    for (const id of STEP_IDS) {
      const state = d.steps[id];
      const key = `${d.id}/${id}`;
      const before = this.seen.get(key);
      if (before === state) continue;
      this.seen.set(key, state);
      // A step that is merely waiting is no news; one that never ran because the site failed is.
      if (state === "pending" || state === "skipped") continue;
      this.sink.line(`${this.label(d)} ${STEP_MARK[state]} ${id.padEnd(5)} ${STEPS[id].title}: ${state}`);
    }
    const key = `${d.id}/status`;
    if (hasEnded(d.status) && this.seen.get(key) !== d.status) {
      const why = d.error ? ` at ${d.error.step}: ${d.error.message}` : "";
      this.sink.line(`${this.label(d)} ${verdict(d)}${d.status === "succeeded" ? "" : why}`);
    }
    this.seen.set(key, d.status);
  }

  private taskList(batch: BatchView): string[] {
    const line = (d: BatchDeployment) => {
      const states = STEP_IDS.map((s) => d.steps[s]);
      const done = states.filter((s) => s === "succeeded" || s === "skipped").length;
      const running = STEP_IDS.filter((s) => d.steps[s] === "running");
      const icon = d.status === "succeeded" ? "✔" : hasEnded(d.status) ? "✖" : running.length ? "…" : "·";
      const bar = states.map((s) => STEP_MARK[s]).join("");
      const what = hasEnded(d.status)
        ? `${verdict(d)}${d.error ? ` at ${d.error.step}: ${d.error.message}` : ""}`
        : running.map((s) => `${s} ${STEPS[s].title}`).join(", ");
      return `${icon} ${this.label(d)} ${bar} ${String(done).padStart(2)}/${states.length} ${what}`;
    };
    const t = batch.totals;
    const header = `batch ${batch.id}: ${t.succeeded} succeeded, ${t.failed} failed, ${t.cancelled} cancelled, ${t.running} running, ${t.queued} queued of ${batch.total}`;
    // More sites than the screen holds: the ones with news (running, failed) come first.
    const rank = (d: BatchDeployment) =>
      d.status === "running" ? 0 : d.status === "failed" ? 1 : d.status === "queued" ? 2 : 3;
    const shown =
      batch.deployments.length <= this.rows - 1
        ? batch.deployments
        : [...batch.deployments].sort((a, b) => rank(a) - rank(b)).slice(0, this.rows - 2);
    const more = batch.deployments.length - shown.length;
    return [header, ...shown.map(line), ...(more > 0 ? [`… and ${more} more`] : [])];
  }
}

/** A terminal sink: redraws by moving the cursor up over the previous list. */
export function terminalSink(stream: NodeJS.WriteStream): ProgressSink {
  let drawn = 0;
  return {
    line: (text) => stream.write(`${text}\n`),
    redraw: (lines) => {
      const width = stream.columns || 120;
      const out = lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
      stream.write(`${drawn ? `\x1b[${drawn}A` : ""}\x1b[J${out.join("\n")}\n`);
      drawn = out.length;
    },
  };
}
