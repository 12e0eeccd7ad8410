import type { RedisClient } from "@mistflow/config";
import { DriftReport } from "@mistflow/contracts";

/**
 * The last scheduled drift report per org (`<prefix>:drift:<org_id>`, JSON): what the gauge and
 * `GET /v1/drift/last` read. It holds no secret: changes to secret fields are redacted.
 */
export class DriftStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(orgId: string) {
    return `${this.prefix}:drift:${orgId}`;
  }
  private get indexKey() {
    return `${this.prefix}:drift-orgs`;
  }

  async save(report: DriftReport): Promise<void> {
    await this.redis
      .multi()
      .set(this.key(report.org_id), JSON.stringify(report))
      .sadd(this.indexKey, report.org_id)
      .exec();
  }

  async last(orgId: string): Promise<DriftReport | undefined> {
    const raw = await this.redis.get(this.key(orgId));
    return raw ? DriftReport.parse(JSON.parse(raw)) : undefined;
  }

  /** An org without bound sites any more has nothing to report. */
  async forget(orgId: string): Promise<void> {
    await this.redis.multi().del(this.key(orgId)).srem(this.indexKey, orgId).exec();
  }

  async all(): Promise<DriftReport[]> {
    const orgs = await this.redis.smembers(this.indexKey);
    const reports = await Promise.all(orgs.map((o) => this.last(o).catch(() => undefined)));
    return reports.filter((r): r is DriftReport => r !== undefined);
  }
}
