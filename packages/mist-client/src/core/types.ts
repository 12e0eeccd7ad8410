import type { z } from "zod";
import type { CallLimiter } from "../limiter/call-limiter";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
/** `undefined`/`null` values are dropped; arrays are sent comma-separated, as Mist expects. */
export type Query = Readonly<Record<string, QueryValue>>;

export interface RequestOptions<T> {
  query?: Query | undefined;
  /** JSON-serialised; never logged and never copied into error messages (it may hold PSKs). */
  body?: unknown;
  /** Validates the 2xx body; a mismatch throws `MistSchemaError`. */
  schema: z.ZodType<T>;
  signal?: AbortSignal | undefined;
  /**
   * A documented error-body shape for this endpoint (e.g. `response_inventory` on a 400 claim).
   * When a 4xx body matches it, the parsed body is kept on the thrown error as `body`.
   */
  errorBodySchema?: z.ZodType | undefined;
}

export interface MistResponse<T> {
  data: T;
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
}

/** One HTTP attempt, reported after it ends (metrics, logs). Never carries the token or bodies. */
export interface CallInfo {
  method: HttpMethod;
  /** Path below `/api/v1`, without the query string. */
  path: string;
  /** HTTP status, or undefined when no response arrived (timeout, network error). */
  status: number | undefined;
  durationMs: number;
  tokenAlias: string;
  /** 1 for the first try, 2+ for core retries. */
  attempt: number;
  /** Error class name when the attempt failed (`MistServerError`, `MistTimeoutError`, …). */
  error?: string;
}

export interface RetryOptions {
  /** Total tries for GET/PUT/DELETE, including the first. POST always gets exactly one. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface MistHttpOptions {
  /** `https://api.mist.com`, a bare host, a region key, or a local simulator URL; `/api/v1` is appended. */
  baseUrl: string;
  token: string;
  /** Human name of the token for messages and metrics; the token value is never printed. */
  tokenAlias: string;
  /** Whole-exchange deadline per attempt (connect, headers and body). Default 30 000. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  limiter?: CallLimiter;
  userAgent?: string;
  onCall?: (info: CallInfo) => void;
  /** Max sockets to the Mist host. Default 16; the rate budget, not sockets, is the real cap. */
  connections?: number;
}
