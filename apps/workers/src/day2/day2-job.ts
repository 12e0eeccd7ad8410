import { defineJob, type JobKind, type JobSpec } from "@mistflow/worker-runtime";
import type { z } from "zod";
import type { Day2Deps, Day2Handler } from "./handlers";

// Its own module, not handlers.ts: the handlers import it, and handlers.ts imports the handlers.
/**
 * A Day 2 handler in the one job envelope (`defineJob`): `make` gets the process's deps and
 * returns the rest of the kind's spec (a fresh one per job, so it may hold the attempt's state),
 * so no handler parses its own payload or re-derives finality.
 */
export const day2Job =
  <S extends z.ZodType, R>(
    kind: JobKind<S>,
    make: (deps: Day2Deps) => Omit<JobSpec<S, R>, "kind">,
  ): Day2Handler =>
  (job, token, deps) =>
    defineJob({ kind, ...make(deps) })(job, token);
