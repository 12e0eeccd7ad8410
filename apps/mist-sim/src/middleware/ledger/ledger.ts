/** One recorded /api/v1 request. Never holds the token value, only its alias. */
export interface LedgerEntry {
  seq: number;
  /** Sim clock, ms epoch, when the request arrived. */
  at: number;
  method: string;
  /** Full request path as sent, including the `/api/v1` prefix. */
  path: string;
  /** Raw query string without the leading `?` ("" when absent). */
  query: string;
  status: number;
  token_alias: string | null;
  org_id: string | null;
  duration_ms: number;
  /**
   * What the request used that Mist has deprecated or removed (field names and versions, never
   * values); absent when nothing. A test scans the ledger for these after the end-to-end suites.
   */
  deprecated?: string[];
  /**
   * A site create only: the template fields and `sitegroup_ids` it bound the new site with
   * (field names; the ids are on the site). Absent when it bound nothing, so a test can tell a
   * site created bound from one bound later by `PUT /sites/{id}`.
   */
  binds?: string[];
}

export interface LedgerCounts {
  total: number;
  by_status: Record<string, number>;
  by_token: Record<string, number>;
}

export interface LedgerQuery {
  since?: number;
  token?: string;
  limit?: number;
}

/** Key used in `by_token` for requests that carried no valid token. */
const ANONYMOUS_KEY = "anonymous";

/**
 * In-memory request journal. Entries are capped so a long-running demo cannot grow without bound;
 * counters keep counting past the cap and `seq` never restarts until `clear()`.
 */
export class Ledger {
  private entries: LedgerEntry[] = [];
  private nextSeq = 1;
  private totals: LedgerCounts = { total: 0, by_status: {}, by_token: {} };

  constructor(readonly maxEntries = 100_000) {}

  record(entry: Omit<LedgerEntry, "seq">): LedgerEntry {
    const full = { seq: this.nextSeq++, ...entry };
    this.entries.push(full);
    // Trim in batches so recording stays O(1) amortised.
    if (this.entries.length > this.maxEntries * 1.1) this.entries = this.entries.slice(-this.maxEntries);
    const status = String(entry.status);
    const token = entry.token_alias ?? ANONYMOUS_KEY;
    this.totals.total++;
    this.totals.by_status[status] = (this.totals.by_status[status] ?? 0) + 1;
    this.totals.by_token[token] = (this.totals.by_token[token] ?? 0) + 1;
    return full;
  }

  list(query: LedgerQuery = {}): LedgerEntry[] {
    const since = query.since ?? 0;
    const out = this.entries.filter(
      (e) => e.seq > since && (query.token === undefined || e.token_alias === query.token),
    );
    return query.limit === undefined ? out : out.slice(0, query.limit);
  }

  counts(): LedgerCounts {
    return structuredClone(this.totals);
  }

  clear(): void {
    this.entries = [];
    this.nextSeq = 1;
    this.totals = { total: 0, by_status: {}, by_token: {} };
  }
}
