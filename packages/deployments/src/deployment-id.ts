import { createHash } from "node:crypto";
import type { DeploymentRequest } from "@mistflow/contracts";

/** Stable JSON: key order must not change a hash. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * Without an Idempotency-Key the natural key is org + site name + blueprint: deploying the same
 * blueprint to the same site twice is the same deployment.
 */
export const naturalIdempotencyKey = (
  req: Pick<DeploymentRequest, "org_id" | "site" | "blueprint">,
): string => `auto:${sha256(`${req.org_id}\n${req.site.name.toLowerCase()}\n${req.blueprint}`).slice(0, 32)}`;

/** Deployment ids derive from the key, so a retried POST can never mint a second deployment. */
export const deploymentIdFor = (orgId: string, idempotencyKey: string): string =>
  `dep-${sha256(`${orgId}\n${idempotencyKey}`).slice(0, 24)}`;

export const requestDigest = (req: DeploymentRequest): string => sha256(canonicalJson(req)).slice(0, 32);
