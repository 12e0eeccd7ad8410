import type {
  BatchAccepted,
  BatchRowError,
  BatchView,
  BlueprintDetail,
  BlueprintSummary,
  ConvergeResponse,
  DecommissionView,
  DeploymentRequest,
  DeploymentView,
  DriftReport,
  RolloutRequestInput,
  RolloutSummary,
  RolloutView,
} from "@mistflow/contracts";
import type { ProbeAnswer } from "../commands/probe";
import { readSse, type SseMessage } from "./sse";

export class IntakeApiError extends Error {
  override name = "IntakeApiError";
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const message = (body as { message?: string } | undefined)?.message;
    super(`intake API answered ${status}${message ? `: ${message}` : ""}`);
  }
}

/** The intake API did not answer at all: its address is named, not undici's bare "fetch failed". */
export class IntakeUnreachableError extends Error {
  override name = "IntakeUnreachableError";
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    const c = (cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    const why = c?.code ?? c?.message;
    super(
      `cannot reach the intake API at ${baseUrl}${why ? ` (${why})` : ""}; is it running? Set --api <url> or MISTFLOW_API_URL`,
      { cause },
    );
  }
}

/** A batch refused because of its rows: each with its row (and CSV line) and field. */
export class BatchRejectedError extends Error {
  override name = "BatchRejectedError";
  constructor(
    readonly rows: BatchRowError[],
    readonly body: unknown,
  ) {
    super((body as { message?: string } | undefined)?.message ?? "batch rejected");
  }
}

export interface Submitted {
  status: number;
  id: string;
  location: string;
}

/** The few intake calls the CLI makes, over plain HTTP like any other client. */
export class IntakeClient {
  constructor(
    private readonly baseUrl: string,
    /** An API key with the scopes the calls need (env MISTFLOW_API_KEY for the CLI). */
    private readonly apiKey?: string,
    /** The admin login of an API without keys, for operator actions such as a decommission. */
    private readonly admin?: { username: string; password: string },
  ) {}

  /** undici rejects with a TypeError only when no HTTP answer came back at all. */
  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, init);
    } catch (e) {
      if (e instanceof TypeError) throw new IntakeUnreachableError(this.baseUrl, e);
      throw e;
    }
  }

  private get auth(): Record<string, string> {
    if (this.apiKey) return { authorization: `Bearer ${this.apiKey}` };
    if (this.admin) {
      const basic = Buffer.from(`${this.admin.username}:${this.admin.password}`).toString("base64");
      return { authorization: `Basic ${basic}` };
    }
    return {};
  }

  async submit(body: unknown, idempotencyKey?: string): Promise<Submitted> {
    const res = await this.fetch("/v1/deployments", {
      method: "POST",
      headers: {
        ...this.auth,
        "content-type": "application/json",
        ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id?: string; location?: string };
    if (!res.ok || !json.id) throw new IntakeApiError(res.status, json);
    return { status: res.status, id: json.id, location: json.location ?? "" };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await this.fetch(path, {
      method,
      headers: { ...this.auth, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text.slice(0, 200) };
    }
    if (!res.ok) {
      const rows = (json as { rows?: BatchRowError[] } | undefined)?.rows;
      if (res.status === 422 && Array.isArray(rows)) throw new BatchRejectedError(rows, json);
      throw new IntakeApiError(res.status, json);
    }
    return { status: res.status, json: json as T };
  }

  /** 202 for a new batch, 200 when the same sites were submitted before (nothing new enqueued). */
  submitBatch(requests: readonly DeploymentRequest[]) {
    return this.call<BatchAccepted>("POST", "/v1/deployments/batch", requests);
  }

  async getBatch(id: string): Promise<BatchView> {
    return (await this.call<BatchView>("GET", `/v1/batches/${encodeURIComponent(id)}`)).json;
  }

  async retry(id: string): Promise<Record<string, unknown>> {
    return (
      await this.call<Record<string, unknown>>("POST", `/v1/deployments/${encodeURIComponent(id)}/retry`)
    ).json;
  }

  async cancel(id: string): Promise<Record<string, unknown>> {
    return (
      await this.call<Record<string, unknown>>("POST", `/v1/deployments/${encodeURIComponent(id)}/cancel`)
    ).json;
  }

  /** A brownfield import of a hand-built org; the API reads Mist only. */
  async importOrg(body: { org_id: string; dry_run: boolean; merge_lookalikes: boolean }): Promise<unknown> {
    return (await this.call<unknown>("POST", "/v1/imports", body)).json;
  }

  /** The plan (`dry_run`), or the accepted decommission (202, or 200 for one already under way). */
  async decommission(
    siteId: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; json: unknown }> {
    return this.call("POST", `/v1/sites/${encodeURIComponent(siteId)}/decommission`, body);
  }

  async getDecommission(id: string): Promise<DecommissionView> {
    return (await this.call<DecommissionView>("GET", `/v1/decommissions/${encodeURIComponent(id)}`)).json;
  }

  async blueprints(): Promise<BlueprintSummary[]> {
    return (await this.call<BlueprintSummary[]>("GET", "/v1/blueprints")).json;
  }

  async blueprint(name: string): Promise<BlueprintDetail> {
    return (await this.call<BlueprintDetail>("GET", `/v1/blueprints/${encodeURIComponent(name)}`)).json;
  }

  /** A rollout of a blueprint version; with `dry_run` the plan, and nothing is written. */
  async rollout(name: string, body: RolloutRequestInput): Promise<{ status: number; json: unknown }> {
    return this.call("POST", `/v1/blueprints/${encodeURIComponent(name)}/rollouts`, body);
  }

  async getRollout(id: string): Promise<RolloutView> {
    return (await this.call<RolloutView>("GET", `/v1/rollouts/${encodeURIComponent(id)}`)).json;
  }

  async rollouts(): Promise<RolloutSummary[]> {
    return (await this.call<RolloutSummary[]>("GET", "/v1/rollouts")).json;
  }

  async rolloutAction(id: string, action: "abort" | "resume" | "rollback"): Promise<RolloutView> {
    return (await this.call<RolloutView>("POST", `/v1/rollouts/${encodeURIComponent(id)}/${action}`)).json;
  }

  async probe(orgId: string): Promise<ProbeAnswer> {
    return (await this.call<ProbeAnswer>("GET", `/v1/orgs/${encodeURIComponent(orgId)}/probe`)).json;
  }

  async drift(orgId: string, last = false): Promise<DriftReport> {
    const path = `/v1/drift${last ? "/last" : ""}?org_id=${encodeURIComponent(orgId)}`;
    return (await this.call<DriftReport>("GET", path)).json;
  }

  async converge(body: { org_id: string; site_ids?: string[]; dry_run: boolean }): Promise<ConvergeResponse> {
    return (await this.call<ConvergeResponse>("POST", "/v1/drift/converge", body)).json;
  }

  async plan(requests: readonly DeploymentRequest[]): Promise<unknown> {
    return (await this.call<unknown>("POST", "/v1/plan", requests)).json;
  }

  /**
   * A deployment's events until the server sends `end`. A dropped connection is resumed with
   * `Last-Event-ID`, so nothing is shown twice.
   */
  async *events(id: string, reconnects = 5): AsyncGenerator<SseMessage> {
    let lastId: string | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.fetch(`/v1/deployments/${encodeURIComponent(id)}/events`, {
          headers: {
            ...this.auth,
            accept: "text/event-stream",
            ...(lastId ? { "last-event-id": lastId } : {}),
          },
        });
        if (!res.ok || !res.body)
          throw new IntakeApiError(res.status, await res.json().catch(() => undefined));
        for await (const message of readSse(res.body)) {
          if (message.id) lastId = message.id;
          yield message;
          if (message.event === "end") return;
        }
      } catch (e) {
        if (e instanceof IntakeApiError || attempt >= reconnects) throw e;
      }
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
  }

  async get(id: string): Promise<DeploymentView> {
    const res = await this.fetch(`/v1/deployments/${encodeURIComponent(id)}`, {
      headers: this.auth,
    });
    const json = (await res.json()) as DeploymentView;
    if (!res.ok) throw new IntakeApiError(res.status, json);
    return json;
  }
}
