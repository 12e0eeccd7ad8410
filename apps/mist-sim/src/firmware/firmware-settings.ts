import { mulberry32 } from "../middleware/faults/prng";
import { type FirmwareFailures, NO_FAILURES } from "./failure-plan";

/** Default length of one upgrade stage: a big-bang upgrade takes four stages (8 s). */
export const DEFAULT_UPGRADE_PHASE_MS = 2000;
/** Failure draws use their own stream of the fault seed, so upgrades never shift fault dice. */
const FAILURE_STREAM = 0xf1a5c0de;

/** Harness settings for firmware upgrades: stage length and which devices fail. */
export class FirmwareSettings {
  phaseMs: number;
  failures: FirmwareFailures = NO_FAILURES;
  random: () => number;

  constructor(
    private readonly initialPhaseMs: number,
    private readonly seed: number,
  ) {
    this.phaseMs = initialPhaseMs;
    this.random = mulberry32(seed ^ FAILURE_STREAM);
  }

  /** Back to the startup stage length, no failures, and a fresh PRNG. */
  reset(): void {
    this.phaseMs = this.initialPhaseMs;
    this.failures = NO_FAILURES;
    this.random = mulberry32(this.seed ^ FAILURE_STREAM);
  }
}
