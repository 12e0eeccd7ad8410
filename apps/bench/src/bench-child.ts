import { StepJobData } from "@mistflow/contracts";
import {
  attachedFlowAfter,
  buildDeploymentFlow,
  DEFAULT_RETRY_POLICY,
  QUEUE_NAMES,
  ROOT_JOB_NAME,
} from "@mistflow/queues";
import { z } from "zod";
import { serveBenchIntake } from "./bench-intake";
import { startBenchWorker } from "./bench-worker";
import { FairIntakeChild, FairWorkerChild, runFairWorker, serveFairIntake } from "./fair-child";

/**
 * The comparison sides of the benchmarks run as OS processes of their own, like the product does,
 * so neither shares an event loop with the load generator: `mistflow-bench --child '<json>'`.
 */
export const BenchChild = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("baseline-intake"),
    redisUrl: z.string(),
    prefix: z.string(),
    port: z.number(),
  }),
  z.object({
    kind: z.literal("raw-worker"),
    redisUrl: z.string(),
    prefix: z.string(),
    queue: z.enum(Object.values(QUEUE_NAMES) as [string, ...string[]]),
    concurrency: z.number().int().positive(),
  }),
  FairIntakeChild,
  FairWorkerChild,
]);
export type BenchChild = z.infer<typeof BenchChild>;

/** The line a child prints once it serves or consumes, which the parent waits for. */
export const CHILD_READY = "bench child ready";

/**
 * The intake baseline: the same flow shape, but no validation, no record, no idempotency. The
 * body is read, not parsed.
 */
const serveBaseline = (
  cfg: Extract<BenchChild, { kind: "baseline-intake" }>,
  ready: (line: string) => void,
) => serveBenchIntake(cfg, ready, (_body, id) => buildDeploymentFlow(id, DEFAULT_RETRY_POLICY));

/**
 * A no-op processor for one queue that still grows the flow exactly as the real steps do: steps 1
 * and 9 attach their subtrees under the root, so the raw run has the same 15 jobs per deployment.
 */
async function runRawWorker(cfg: Extract<BenchChild, { kind: "raw-worker" }>) {
  const close = await startBenchWorker(cfg, async (job, flows) => {
    if (job.name === ROOT_JOB_NAME) return { ok: true };
    const { deployment_id: id, step } = StepJobData.parse(job.data);
    const sub = attachedFlowAfter(id, step, DEFAULT_RETRY_POLICY, cfg.prefix);
    if (sub) await flows.add(sub);
    return { ok: true };
  });
  console.log(CHILD_READY);
  return close;
}

/** Entry of a child: runs until SIGTERM, then closes what it opened. */
export async function runBenchChild(json: string): Promise<number> {
  const cfg = BenchChild.parse(JSON.parse(json));
  const ready = (detail: string) => console.log(`${CHILD_READY}${detail ? ` ${detail}` : ""}`);
  const close =
    cfg.kind === "baseline-intake"
      ? await serveBaseline(cfg, ready)
      : cfg.kind === "raw-worker"
        ? await runRawWorker(cfg)
        : cfg.kind === "fair-intake"
          ? await serveFairIntake(cfg, ready)
          : await runFairWorker(cfg, ready);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  await close();
  return 0;
}
