import { randomBytes } from "node:crypto";

export const UPGRADE_ID = /^upg-[0-9a-f]{24}$/;

/** Random, not derived from the request: two identical rollouts on different days are two records. */
export const newUpgradeId = (): string => `upg-${randomBytes(12).toString("hex")}`;
