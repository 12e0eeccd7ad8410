import type { IncomingHttpHeaders } from "node:http";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { Pool } from "undici";
import { isMistApiError } from "../errors/mist-api-error";
import { MistNetworkError } from "../errors/mist-network-error";
import { MistTimeoutError } from "../errors/mist-timeout-error";
import type { CallLimiter, CallPermit } from "../limiter/call-limiter";
import { sleep } from "../util/sleep";
import { attemptsFor, backoffDelayMs, DEFAULT_RETRY, isRetryableFailure } from "./backoff";
import { errorFromResponse } from "./error-from-response";
import { decodeBody, parseResponse } from "./parse-response";
import { toQueryString } from "./query-string";
import { resolveBaseUrl } from "./regions";
import { retryAfterMs } from "./retry-after";
import { routeTemplate } from "./route-template";
import type {
  CallInfo,
  HttpMethod,
  MistHttpOptions,
  MistResponse,
  RequestOptions,
  RetryOptions,
} from "./types";

/**
 * The undici settings of every Mist client: one keep-alive pool of this many sockets per origin,
 * and a whole-response deadline. Exported so the fair overhead baseline (docs/benchmarks.md) sends
 * its calls exactly as the product does.
 */
export const MIST_HTTP_DEFAULTS = {
  connections: 16,
  timeoutMs: 30_000,
  userAgent: "mistflow-mist-client/0.1",
} as const;
// Without an OpenTelemetry SDK in the process this tracer is the API's no-op: spans cost nothing.
const tracer = trace.getTracer("@mistflow/mist-client");

const UNDICI_TIMEOUT_CODES = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  const cause = (e as { cause?: unknown } | null)?.cause;
  return cause === undefined || cause === e ? undefined : errorCode(cause);
}

/**
 * The one request core every Mist call goes through: auth header, per-attempt deadline, shared
 * rate budget, status → error mapping, zod validation, and retries for safe methods only.
 *
 * @example
 * const http = new MistHttp({ baseUrl: mistHost("emea01"), token, tokenAlias: "prod" });
 * const sites = await http.request("GET", mistPath`/orgs/${orgId}/sites`, { schema: z.array(Site) });
 */
export class MistHttp {
  /** Origin plus any path prefix of the base URL, e.g. `https://api.eu.mist.com`. */
  readonly baseUrl: string;
  readonly tokenAlias: string;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly limiter: CallLimiter | undefined;

  readonly #pool: Pool;
  readonly #apiPrefix: string;
  readonly #host: string;
  readonly #authorization: string;
  readonly #userAgent: string;
  readonly #onCall: ((info: CallInfo) => void) | undefined;

  constructor(options: MistHttpOptions) {
    if (options.token === "") throw new TypeError(`Mist token "${options.tokenAlias}" is empty`);
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    const url = new URL(this.baseUrl);
    this.#host = url.hostname;
    this.#apiPrefix = `${url.pathname.replace(/\/+$/, "")}/api/v1`;
    // One keep-alive pool per origin; undici reuses sockets across calls and retries.
    this.#pool = new Pool(url.origin, { connections: options.connections ?? MIST_HTTP_DEFAULTS.connections });
    this.tokenAlias = options.tokenAlias;
    this.timeoutMs = options.timeoutMs ?? MIST_HTTP_DEFAULTS.timeoutMs;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limiter = options.limiter;
    // Kept in a private field only; it must never reach messages, logs or Redis.
    this.#authorization = `Token ${options.token}`;
    this.#userAgent = options.userAgent ?? MIST_HTTP_DEFAULTS.userAgent;
    this.#onCall = options.onCall;
  }

  /** Sends one logical call (with retries for GET/PUT/DELETE) and returns the validated body. */
  async request<T>(method: HttpMethod, path: string, options: RequestOptions<T>): Promise<T> {
    return (await this.requestWithMeta(method, path, options)).data;
  }

  /** Like {@link request}, plus status and response headers (pagination reads `X-Page-*`). */
  async requestWithMeta<T>(
    method: HttpMethod,
    path: string,
    options: RequestOptions<T>,
  ): Promise<MistResponse<T>> {
    const attempts = attemptsFor(method, this.retry);
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      // Every attempt spends budget, so each one asks the shared limiter; its RateLimitWaitError
      // propagates untouched so the job can be parked without holding a worker.
      const permit = await this.limiter?.acquire(options.signal);
      try {
        return await this.#attempt(method, path, options, attempt, permit);
      } catch (e) {
        if (attempt >= attempts || !isRetryableFailure(e) || options.signal?.aborted) throw e;
        await sleep(backoffDelayMs(attempt, this.retry), options.signal);
      }
    }
  }

  /** Closes the keep-alive sockets; in-flight calls finish first. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #attempt<T>(
    method: HttpMethod,
    path: string,
    options: RequestOptions<T>,
    attempt: number,
    permit: CallPermit | undefined,
  ): Promise<MistResponse<T>> {
    const started = performance.now();
    const route = routeTemplate(path);
    // A client span per attempt, child of whatever is active (the job's span in a worker).
    const span = tracer.startSpan(`${method} ${route}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "http.request.method": method,
        "url.template": route,
        "server.address": this.#host,
        "http.request.resend_count": attempt - 1,
        "mist.token_alias": this.tokenAlias,
      },
    });
    const report = (status: number | undefined, error?: unknown) => {
      if (status !== undefined) span.setAttribute("http.response.status_code", status);
      if (error !== undefined) {
        span.setAttribute(
          "error.type",
          status !== undefined ? String(status) : error instanceof Error ? error.name : "error",
        );
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      const info: CallInfo = {
        method,
        path,
        status,
        durationMs: performance.now() - started,
        tokenAlias: this.tokenAlias,
        attempt,
      };
      if (error !== undefined) info.error = error instanceof Error ? error.name : typeof error;
      try {
        this.#onCall?.(info);
      } catch {
        // An observer must not change the outcome of a Mist call.
      }
    };

    let raw: RawResponse;
    try {
      raw = await this.#exchange(method, path, options);
    } catch (e) {
      // No answer: the call may still reach Mist later, so its count stays where it is.
      report(undefined, e);
      throw e;
    }
    // Any answer, error or not, proves the call reached Mist by now.
    permit?.answered();
    const { status, headers } = raw;
    const body = decodeBody(raw.text);

    if (status < 200 || status >= 300) {
      const waitMs = retryAfterMs(headers["retry-after"]);
      const error = errorFromResponse({
        status,
        body,
        method,
        path,
        tokenAlias: this.tokenAlias,
        retryAfterMs: waitMs,
        errorBodySchema: options.errorBodySchema,
      });
      report(status, error);
      if (status === 429 && this.limiter) {
        // Stop every process on this token, not just this job. If Redis is down the 429 still
        // reaches the caller, which parks the job for retryAfterMs anyway.
        await this.limiter.cooldown(waitMs).catch(() => {});
      }
      throw error;
    }

    try {
      const data = parseResponse(options.schema, body, { method, path, status });
      report(status);
      return { data, status, headers };
    } catch (e) {
      report(status, e);
      throw e;
    }
  }

  /** One HTTP exchange under a whole-response deadline; maps transport failures to Mist errors. */
  async #exchange<T>(method: HttpMethod, path: string, options: RequestOptions<T>): Promise<RawResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error("deadline"));
    }, this.timeoutMs);
    const userSignal = options.signal;
    const forwardAbort = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener("abort", forwardAbort, { once: true });

    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: "application/json",
      "user-agent": this.#userAgent,
    };
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }

    try {
      const res = await this.#pool.request({
        method,
        path: `${this.#apiPrefix}${path}${toQueryString(options.query)}`,
        headers,
        body: payload ?? null,
        signal: controller.signal,
        // Backstops for our own deadline; undici's defaults are 300 s.
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      // Always drain the body so the socket goes back to the pool.
      const text = await res.body.text();
      return { status: res.statusCode, headers: flattenHeaders(res.headers), text };
    } catch (e) {
      if (userSignal?.aborted) throw userSignal.reason;
      if (isMistApiError(e)) throw e;
      const code = errorCode(e);
      if (timedOut || (code !== undefined && UNDICI_TIMEOUT_CODES.has(code))) {
        throw new MistTimeoutError({ method, path, timeoutMs: this.timeoutMs, cause: e });
      }
      throw new MistNetworkError({ method, path, code, cause: e });
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener("abort", forwardAbort);
    }
  }
}
