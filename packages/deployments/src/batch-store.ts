import { createHash } from "node:crypto";
import type { RedisClient } from "@mistflow/config";

export interface BatchMember {
  id: string;
  row: number;
  line?: number;
}

export interface BatchRecord {
  id: string;
  created_at: string;
  deployments: BatchMember[];
}

/**
 * The same sites (hence the same deployment ids, in the same order) are the same batch: a
 * resubmitted sheet answers with the batch it already made.
 */
export const batchIdFor = (deploymentIds: readonly string[]): string =>
  `bat-${createHash("sha256").update(deploymentIds.join("\n")).digest("hex").slice(0, 24)}`;

export const BATCH_ID = /^bat-[0-9a-f]{24}$/;

/** Which deployments a batch grouped. The deployments' own records stay the source of status. */
export class BatchStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  key(id: string): string {
    return `${this.prefix}:batch:${id}`;
  }

  /** Records the batch unless it exists; answers whether this call created it. */
  async save(id: string, deployments: readonly BatchMember[]): Promise<boolean> {
    const created = await this.redis.hsetnx(this.key(id), "created_at", new Date().toISOString());
    if (created === 1) {
      await this.redis.hset(this.key(id), "id", id, "deployments", JSON.stringify(deployments));
    }
    return created === 1;
  }

  async get(id: string): Promise<BatchRecord | undefined> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.id || !h.deployments) return undefined;
    return {
      id: h.id,
      created_at: h.created_at ?? "",
      deployments: JSON.parse(h.deployments) as BatchMember[],
    };
  }
}
