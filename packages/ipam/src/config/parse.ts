import type { z } from "zod";
import { IpamConfigError } from "../errors";
import { IpamConfig } from "./schema";

/** `roles[2].prefixLength` style, so a message points at the line to edit. */
const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "") || "(config)";

export const formatIssues = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((i) => `${formatPath(i.path)}: ${i.message}`);

/** Deep-frozen because plans are derived from it and cached per object (see plan/layout.ts). */
const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

/**
 * Validates and applies defaults; throws `IpamConfigError` whose issues name each bad field.
 * @example parseIpamConfig({ sitePrefixLength: 23 })
 */
export function parseIpamConfig(input: unknown, source?: string): IpamConfig {
  const result = IpamConfig.safeParse(input);
  if (!result.success) {
    throw new IpamConfigError(formatIssues(result.error.issues), source === undefined ? {} : { source });
  }
  return deepFreeze(result.data);
}
