/**
 * Which devices fail their upgrades (set by `PUT /__sim/firmware/failures`): `macs` always fail;
 * devices of `model` (any model when null) fail with `probability`.
 */
export interface FirmwareFailures {
  macs: string[];
  model: string | null;
  probability: number;
}

export const NO_FAILURES: FirmwareFailures = { macs: [], model: null, probability: 0 };

/**
 * Decided once, when the upgrade is created, so every later read reports the same outcome. Only
 * probabilistic rules draw from `random`, keeping MAC-only plans independent of the PRNG.
 */
export function willFail(
  failures: FirmwareFailures,
  device: { mac: string; model: string },
  random: () => number,
): boolean {
  if (failures.macs.includes(device.mac)) return true;
  if (failures.probability <= 0) return false;
  if (failures.model !== null && failures.model !== device.model) return false;
  return failures.probability >= 1 || random() < failures.probability;
}
