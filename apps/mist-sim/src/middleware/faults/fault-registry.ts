import { randomUUID } from "node:crypto";
import type { FaultSpec } from "./fault-spec";
import { mulberry32 } from "./prng";

export const DEFAULT_FAULT_SEED = 0x5eed;
/**
 * Jitter draws come from a second stream derived from the same seed, so adding a jittered fault
 * never changes which requests other probabilistic faults fail.
 */
const JITTER_STREAM = 0x6a177e5;

/** `delay ± jitter`, uniform, rounded to whole ms and never negative. `u` is a draw in [0, 1). */
export function jitteredDelay(delayMs: number, jitterMs: number, u: number): number {
  if (jitterMs <= 0) return delayMs;
  return Math.max(0, Math.round(delayMs + (2 * u - 1) * jitterMs));
}

/** What the middleware should do with one request. `status: null` means "answer normally". */
export interface FaultDecision {
  faultId: string;
  status: number | null;
  detail: string | undefined;
  delayMs: number;
  /** Delay the answer after the route ran, rather than the request before it. */
  delayAfter: boolean;
  hang: boolean;
  retryAfterS: number | undefined;
}

/** A fault as listed by `GET /__sim/faults`. */
export interface FaultView {
  id: string;
  method: string | null;
  path: string;
  /** Injected status; null for delay-only (slow success) and hang faults. */
  status: number | null;
  detail: string | null;
  times: number | null;
  probability: number;
  delay_ms: number;
  jitter_ms: number;
  hang: boolean;
  delay_after: boolean;
  retry_after_s: number | null;
  fired: number;
  remaining: number | null;
  created_at: number;
}

interface Fault {
  view: FaultView;
  regex: RegExp;
}

/**
 * Ordered list of injected faults. The first active fault whose method and path match, and whose
 * probability roll succeeds, decides the request. Rolls come from one seeded PRNG, so the same
 * request sequence against the same `faultSeed` fails the same way on every run.
 */
export class FaultRegistry {
  private faults: Fault[] = [];
  private random: () => number;
  private jitterRandom: () => number;

  constructor(
    private seed: number,
    private readonly clock: () => number,
  ) {
    this.random = mulberry32(seed);
    this.jitterRandom = mulberry32(seed ^ JITTER_STREAM);
  }

  add(spec: FaultSpec): FaultView {
    const slowOnly = spec.hang || spec.delay_ms !== undefined || spec.jitter_ms !== undefined;
    const status = spec.status ?? (slowOnly ? null : 500);
    const view: FaultView = {
      id: randomUUID(),
      method: spec.method?.toUpperCase() ?? null,
      path: spec.path,
      status,
      detail: spec.detail ?? null,
      times: spec.times ?? null,
      probability: spec.probability ?? 1,
      delay_ms: spec.delay_ms ?? 0,
      jitter_ms: spec.jitter_ms ?? 0,
      hang: spec.hang ?? false,
      delay_after: spec.delay_after ?? false,
      retry_after_s: spec.retry_after_s ?? null,
      fired: 0,
      remaining: spec.times ?? null,
      created_at: this.clock(),
    };
    this.faults.push({ view, regex: new RegExp(spec.path) });
    return { ...view };
  }

  list(): FaultView[] {
    return this.faults.map((f) => ({ ...f.view }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.view.id !== id);
    return this.faults.length !== before;
  }

  /** Drop every fault and restart the PRNG, so a reset sim rolls the same dice again. */
  clear(): void {
    this.faults = [];
    this.reseed(this.seed);
  }

  reseed(seed: number): void {
    this.seed = seed;
    this.random = mulberry32(seed);
    this.jitterRandom = mulberry32(seed ^ JITTER_STREAM);
  }

  match(method: string, path: string): FaultDecision | null {
    for (const { view, regex } of this.faults) {
      if (view.remaining === 0) continue;
      if (view.method !== null && view.method !== method.toUpperCase()) continue;
      if (!regex.test(path)) continue;
      // Only roll for probabilistic faults, so adding a certain fault does not shift other dice.
      if (view.probability < 1 && this.random() >= view.probability) continue;
      view.fired++;
      if (view.remaining !== null) view.remaining--;
      return {
        faultId: view.id,
        status: view.status,
        detail: view.detail ?? undefined,
        delayMs:
          view.jitter_ms > 0
            ? jitteredDelay(view.delay_ms, view.jitter_ms, this.jitterRandom())
            : view.delay_ms,
        delayAfter: view.delay_after,
        hang: view.hang,
        retryAfterS: view.retry_after_s ?? undefined,
      };
    }
    return null;
  }
}
