/** The simulator's admin API (`/__sim`), which tests use to look at Mist from the outside. */
export interface LedgerEntry {
  seq: number;
  /** When the simulator received the call, ms since the epoch. */
  at: number;
  method: string;
  path: string;
  status: number;
  token_alias: string | null;
  /** What the request used that Mist has deprecated (field and version), when anything. */
  deprecated?: string[];
  /** A site create's binding fields, when it bound the site at creation. */
  binds?: string[];
}

export type OrgCounts = Record<string, number>;

export class SimAdmin {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/__sim${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
        : {}),
    });
    if (!res.ok) throw new Error(`sim admin ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async counts(orgId: string): Promise<OrgCounts> {
    const all = await this.call<{ orgs: Record<string, OrgCounts> }>("GET", "/counts");
    return all.orgs[orgId] ?? {};
  }

  ledger(since = 0): Promise<LedgerEntry[]> {
    return this.call("GET", `/ledger?since=${since}&limit=1000000`);
  }

  objects<T = Record<string, unknown>>(orgId: string, kind: string): Promise<T[]> {
    return this.call("GET", `/orgs/${orgId}/${kind}`);
  }

  addFault(spec: Record<string, unknown>): Promise<{ id: string }> {
    return this.call("POST", "/faults", spec);
  }

  faults(): Promise<Array<{ id: string; fired: number; remaining: number | null }>> {
    return this.call("GET", "/faults");
  }

  /**
   * Resolves once the fault has matched a request: a slowed call has reached Mist and is being held
   * there. Kill tests wait on this, not on a guessed sleep, so the kill lands mid-call.
   */
  async faultFired(id: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!((await this.faults()).find((f) => f.id === id)?.fired ?? 0)) {
      if (Date.now() > deadline) throw new Error(`fault ${id} never fired`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  clearFaults(): Promise<void> {
    return this.call("DELETE", "/faults");
  }

  /** A site's SLE values (0..1, or null for "no data"), from `at` (ms) on, or for all time. */
  setSle(siteId: string, values: Record<string, number | null>, at?: number): Promise<unknown> {
    return this.call("PUT", `/sites/${siteId}/sle`, { values, ...(at !== undefined ? { at } : {}) });
  }

  /** The values a site's SLEs take once its template binding next changes (a bad config). */
  setPostRebindSle(siteId: string, values: Record<string, number | null>): Promise<unknown> {
    return this.call("PUT", `/sites/${siteId}/sle/post-rebind`, { values });
  }

  clearSle(siteId: string): Promise<unknown> {
    return this.call("DELETE", `/sites/${siteId}/sle`);
  }

  /** `requireDevices: false`: sites without devices report SLEs too. */
  sleConfig(config: { requireDevices: boolean }): Promise<unknown> {
    return this.call("PUT", "/sle", config);
  }
}
