import type { StepState } from "@mistflow/contracts";

/** One character per step state, shared by every progress view so they read alike. */
export const STEP_MARK: Readonly<Record<StepState, string>> = {
  pending: "·",
  running: "…",
  succeeded: "✔",
  failed: "✖",
  cancelled: "-",
  skipped: "○",
};
