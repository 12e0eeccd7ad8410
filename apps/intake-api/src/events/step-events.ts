import {
  type DeploymentStatus,
  type DeploymentView,
  type EndEvent,
  hasEnded,
  STEP_IDS,
  STEPS,
  type StatusEvent,
  type StepEvent,
  type StepId,
  type StepState,
} from "@mistflow/contracts";

/** What a client has been told: each step's state and attempt, and the deployment's status. */
export interface KnownState {
  status: DeploymentStatus;
  steps: Record<StepId, { state: StepState; attempts: number }>;
}

export type DeploymentEvent =
  | { event: "step"; id: string; data: StepEvent }
  | { event: "status"; id: string; data: StatusEvent }
  | { event: "end"; id: string; data: EndEvent };

const LETTER: Record<StepState | DeploymentStatus, string> = {
  pending: "p",
  queued: "q",
  running: "r",
  succeeded: "s",
  failed: "f",
  cancelled: "c",
  skipped: "k",
  failed_assurance: "a",
  decommissioned: "d",
};
const FROM_LETTER = Object.fromEntries(Object.entries(LETTER).map(([k, v]) => [v, k]));

export const initialState = (): KnownState => ({
  status: "queued",
  steps: Object.fromEntries(
    STEP_IDS.map((s) => [s, { state: "pending", attempts: 0 }]),
  ) as KnownState["steps"],
});

/**
 * The event id is the whole state the client has seen, so `Last-Event-ID` alone tells a new
 * connection where to resume: no per-connection memory on the server, and nothing replayed.
 */
export const cursorOf = (k: KnownState): string =>
  `${LETTER[k.status]}-${STEP_IDS.map((s) => `${LETTER[k.steps[s].state]}${k.steps[s].attempts}`).join("")}`;

/** A cursor from another version (other steps) or garbage is no cursor: the client gets everything. */
export function parseCursor(id: string | undefined): KnownState | undefined {
  const m = id?.match(/^([qrsfca])-((?:[prsfck]\d{1,4})+)$/);
  if (!m?.[1] || !m[2]) return undefined;
  const parts = [...m[2].matchAll(/([prsfck])(\d{1,4})/g)];
  if (parts.length !== STEP_IDS.length) return undefined;
  return {
    status: FROM_LETTER[m[1]] as DeploymentStatus,
    steps: Object.fromEntries(
      STEP_IDS.map((s, i) => [
        s,
        { state: FROM_LETTER[parts[i]?.[1] ?? "p"] as StepState, attempts: Number(parts[i]?.[2] ?? 0) },
      ]),
    ) as KnownState["steps"],
  };
}

interface Transition {
  step: StepId;
  state: StepState;
  attempts: number;
  at: string | undefined;
  /** Within one step, a start comes before its end. */
  phase: number;
}

function transitions(known: KnownState, view: DeploymentView): Transition[] {
  const out: Transition[] = [];
  for (const step of STEP_IDS) {
    const was = known.steps[step];
    const now = view.steps[step];
    if (was.state === now.state && was.attempts === now.attempts) continue;
    const started = now.state === "running" || now.state === "succeeded" || now.state === "failed";
    // A poll may miss a step's whole run; the client still sees it start, then end.
    if (started && (was.state !== "running" || was.attempts !== now.attempts))
      out.push({ step, state: "running", attempts: now.attempts, at: now.started_at, phase: 0 });
    if (now.state !== "running") {
      const at = now.state === "pending" ? view.updated_at : now.finished_at;
      out.push({ step, state: now.state, attempts: now.attempts, at, phase: 1 });
    }
  }
  const order = (t: Transition) => STEP_IDS.indexOf(t.step);
  return out.sort(
    (a, b) =>
      (Date.parse(a.at ?? "") || 0) - (Date.parse(b.at ?? "") || 0) ||
      a.phase - b.phase ||
      order(a) - order(b),
  );
}

/**
 * The events that take a client from `known` to `view`, each with the cursor it leaves the
 * client at, and whether the stream is over: the deployment ended and no step is still running
 * (a cancelled deployment's step in flight finishes its Mist call first).
 */
export function diffView(
  known: KnownState,
  view: DeploymentView,
): { events: DeploymentEvent[]; next: KnownState; ended: boolean } {
  const next: KnownState = { status: known.status, steps: { ...known.steps } };
  const events: DeploymentEvent[] = [];
  const statusEvent = () => {
    next.status = view.status;
    events.push({
      event: "status",
      id: cursorOf(next),
      data: { deployment_id: view.id, status: view.status, at: view.finished_at ?? view.updated_at },
    });
  };
  const statusChanged = known.status !== view.status;
  if (statusChanged && !hasEnded(view.status)) statusEvent();
  for (const t of transitions(known, view)) {
    next.steps[t.step] = { state: t.state, attempts: t.attempts };
    const step = view.steps[t.step];
    events.push({
      event: "step",
      id: cursorOf(next),
      data: {
        deployment_id: view.id,
        step: t.step,
        title: STEPS[t.step].title,
        state: t.state,
        attempts: t.attempts,
        ...(t.at ? { at: t.at } : {}),
        ...(t.phase === 1 && step.note ? { note: step.note } : {}),
        ...(step.error && (t.state === "failed" || t.state === "running") ? { error: step.error } : {}),
      },
    });
  }
  if (statusChanged && hasEnded(view.status)) statusEvent();
  const ended = hasEnded(view.status) && STEP_IDS.every((s) => view.steps[s].state !== "running");
  return { events, next, ended };
}

export const endEvent = (view: DeploymentView, known: KnownState): DeploymentEvent => ({
  event: "end",
  id: cursorOf(known),
  data: {
    deployment_id: view.id,
    status: view.status,
    ...(view.error ? { error: view.error } : {}),
    ...(view.finished_at ? { finished_at: view.finished_at } : {}),
  },
});
