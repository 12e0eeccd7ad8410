import type { CallLimiter } from "../limiter/call-limiter";

/** An in-process stand-in for our own CallLimiter interface (unit tests only; Redis is tested for real). */
export interface FakeLimiter extends CallLimiter {
  acquired: number;
  cooldowns: number[];
  /** When set, `acquire()` throws it instead of granting. */
  failWith: Error | undefined;
}

export function fakeLimiter(): FakeLimiter {
  const limiter: FakeLimiter = {
    acquired: 0,
    cooldowns: [],
    failWith: undefined,
    async acquire() {
      if (limiter.failWith) throw limiter.failWith;
      limiter.acquired++;
    },
    async cooldown(ms: number) {
      limiter.cooldowns.push(ms);
    },
  };
  return limiter;
}
