import { type DeploymentView, hasEnded, STEP_IDS, STEPS } from "@mistflow/contracts";
import { STEP_MARK } from "./step-marks";

/**
 * Prints one line per step transition, so it reads the same in a terminal, a CI log or a pipe.
 * Only changes are printed: polling every half second would otherwise flood the screen.
 */
export class ProgressPrinter {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly out: (line: string) => void,
    private readonly labels: ReadonlyMap<string, string>,
  ) {}

  update(view: DeploymentView): void {
    const label = (this.labels.get(view.id) ?? view.site_name).padEnd(28).slice(0, 28);
    for (const id of STEP_IDS) {
      const step = view.steps[id];
      const key = `${view.id}/${id}`;
      const state = `${step.state}${step.error ? `:${step.error.message}` : ""}`;
      if (this.seen.get(key) === state) continue;
      const first = !this.seen.has(key);
      this.seen.set(key, state);
      if (first && step.state === "pending") continue;
      const detail = step.error
        ? ` — ${step.error.message}`
        : step.state === "succeeded" && step.note
          ? ` — ${step.note}`
          : "";
      this.out(
        `${label} ${STEP_MARK[step.state]} ${id.padEnd(5)} ${STEPS[id].title}: ${step.state}${detail}`,
      );
    }
    const statusKey = `${view.id}/status`;
    if (this.seen.get(statusKey) !== view.status && hasEnded(view.status)) {
      this.out(
        `${label} ${view.status === "succeeded" ? "DEPLOYED" : view.status === "failed_assurance" ? "FAILED ASSURANCE" : "FAILED"}${view.error ? ` at ${view.error.step}: ${view.error.message}` : ""}`,
      );
    }
    this.seen.set(statusKey, view.status);
  }
}

export const isTerminal = (view: DeploymentView) => hasEnded(view.status);
