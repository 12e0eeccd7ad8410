import { DEFAULT_TOKEN } from "../seed/default-seed";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests
type Json = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  raw?: string;
  /** Override the client's token; `null` sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function toResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  let body: Json = null;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** Minimal HTTP client for tests: talks to a running simulator over real sockets. */
export class SimClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = DEFAULT_TOKEN,
  ) {}

  withToken(token: string | null): SimClient {
    return new SimClient(this.baseUrl, token);
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    const token = opts.token === undefined ? this.token : opts.token;
    const headers: Record<string, string> = { ...opts.headers };
    if (token !== null) headers.Authorization = `Token ${token}`;
    let body: string | undefined = opts.raw;
    if (body === undefined && opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = body;
    if (opts.signal) init.signal = opts.signal;
    return toResponse(await fetch(`${this.baseUrl}/api/v1${path}`, init));
  }

  get(path: string, opts?: RequestOptions): Promise<ApiResponse> {
    return this.request("GET", path, opts);
  }

  post(path: string, body?: unknown, opts?: RequestOptions): Promise<ApiResponse> {
    return this.request("POST", path, { ...opts, body });
  }

  put(path: string, body?: unknown, opts?: RequestOptions): Promise<ApiResponse> {
    return this.request("PUT", path, { ...opts, body });
  }

  delete(path: string, opts?: RequestOptions): Promise<ApiResponse> {
    return this.request("DELETE", path, opts);
  }

  /** The /__sim harness API (no auth). */
  async admin(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "Content-Type": "application/json" };
    }
    return toResponse(await fetch(`${this.baseUrl}/__sim${path}`, init));
  }
}
