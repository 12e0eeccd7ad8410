import type { DeploymentView } from "@mistflow/contracts";

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
  ) {}

  private get auth(): Record<string, string> {
    return this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
  }

  async submit(body: unknown, idempotencyKey?: string): Promise<Submitted> {
    const res = await fetch(`${this.baseUrl}/v1/deployments`, {
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

  async get(id: string): Promise<DeploymentView> {
    const res = await fetch(`${this.baseUrl}/v1/deployments/${encodeURIComponent(id)}`, {
      headers: this.auth,
    });
    const json = (await res.json()) as DeploymentView;
    if (!res.ok) throw new IntakeApiError(res.status, json);
    return json;
  }
}
