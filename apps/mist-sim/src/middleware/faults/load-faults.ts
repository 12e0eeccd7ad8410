import { readFileSync } from "node:fs";
import { z } from "zod";
import { type FaultSpec, FaultSpecList } from "./fault-spec";

/**
 * Validate a list of fault specs (the `POST /__sim/faults` schema, one per item). Throws an Error
 * naming the item and field, e.g. `invalid faults (startup): [1].status: Too big …`.
 */
export function parseFaults(data: unknown, source = "faults"): FaultSpec[] {
  const result = FaultSpecList.safeParse(data);
  if (!result.success) throw new Error(`invalid faults (${source}):\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** `--faults <file.json>` / `MIST_SIM_FAULTS`: a JSON array of fault specs. */
export function loadFaultsFile(path: string): FaultSpec[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`cannot read faults file ${path}: ${(err as Error).message}`);
  }
  return parseFaults(data, path);
}
