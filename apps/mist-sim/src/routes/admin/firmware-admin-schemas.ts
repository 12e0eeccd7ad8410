import { z } from "zod";
import type { FirmwareFailures as Failures } from "../../firmware/failure-plan";
import { MacInput } from "../collections/common-schemas";

/**
 * `PUT /__sim/firmware/failures`: `macs` always fail; devices of `model` (every model when omitted)
 * fail with `probability` (default 1 when a model is named). Replaces the previous setting.
 */
export const FirmwareFailuresUpdate = z
  .strictObject({
    macs: z.array(MacInput).optional(),
    model: z.string().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .transform(
    (f): Failures => ({
      macs: [...new Set(f.macs ?? [])],
      model: f.model ?? null,
      probability: f.probability ?? (f.model === undefined ? 0 : 1),
    }),
  );

export const FirmwareSettingsUpdate = z.strictObject({ phaseMs: z.number().int().min(1) });
