import type { CallLimiter } from "../limiter/call-limiter";

/** An in-process stand-in for our own CallLimiter interface (unit tests only; Redis is tested for real). */
export interface FakeLimiter extends CallLimiter {
  acquired: number;
  cooldowns: number[];
  /** When set, `acquire()` throws it instead of granting. */
  failWith: Error | undefined;
  /** When true, every grant comes with a permit, as a grant in a window's guard band does. */
  permits: boolean;
  /** How many permits were told that their call's answer came back. */
  answered: number;
}

export function fakeLimiter(): FakeLimiter {
  const limiter: FakeLimiter = {
    acquired: 0,
    cooldowns: [],
    failWith: undefined,
    permits: false,
    answered: 0,
    async acquire() {
      if (limiter.failWith) throw limiter.failWith;
      limiter.acquired++;
      if (!limiter.permits) return undefined;
      return {
        answered: () => {
          limiter.answered++;
        },
      };
    },
    async cooldown(ms: number) {
      limiter.cooldowns.push(ms);
    },
  };
  return limiter;
}
