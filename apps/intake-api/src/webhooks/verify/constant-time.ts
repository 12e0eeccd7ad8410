import { timingSafeEqual } from "node:crypto";

/** Equal-length buffers compared in constant time; a length mismatch answers at once (lengths are public). */
export const equalBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);
