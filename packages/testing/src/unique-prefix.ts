import { randomBytes } from "node:crypto";

/** A hash-tagged BullMQ/key prefix of its own, so tests can share one Redis and clean up by pattern. */
export const uniquePrefix = (label: string): string => `{t-${label}-${randomBytes(4).toString("hex")}}`;
