import { EndEvent, STEPS, StepEvent } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import type { Output } from "./output";

const MARK: Record<string, string> = {
  running: "…",
  succeeded: "✔",
  failed: "✖",
  cancelled: "-",
  pending: "·",
  skipped: "○",
};

/**
 * One deployment's steps as they happen, from its event stream. Returns the exit code: 0 only
 * if it succeeded.
 */
export async function followDeployment(
  api: IntakeClient,
  id: string,
  label: string,
  io: Output,
): Promise<number> {
  const name = label.padEnd(28).slice(0, 28);
  for await (const message of api.events(id)) {
    const data = JSON.parse(message.data) as unknown;
    if (message.event === "step") {
      const e = StepEvent.parse(data);
      const detail =
        e.error && e.state !== "running" ? ` — ${e.error.message}` : e.note ? ` — ${e.note}` : "";
      io.out(
        `${name} ${MARK[e.state] ?? "?"} ${e.step.padEnd(5)} ${STEPS[e.step].title}: ${e.state}${detail}`,
      );
    } else if (message.event === "end") {
      const e = EndEvent.parse(data);
      const verdict =
        e.status === "succeeded" ? "DEPLOYED" : e.status === "cancelled" ? "CANCELLED" : "FAILED";
      io.out(`${name} ${verdict}${e.error ? ` at ${e.error.step}: ${e.error.message}` : ""}`);
      return e.status === "succeeded" ? 0 : 1;
    } else if (message.event === "error") {
      io.err(`event stream: ${message.data}`);
    }
  }
  return 1;
}
