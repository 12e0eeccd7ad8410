import type { MistHttp } from "../core/mist-http";

/** What every resource family needs: the request core and the page size for list calls. */
export interface ResourceContext {
  http: MistHttp;
  /** Items per list page (1–1000); larger pages spend fewer calls of the hourly budget. */
  pageLimit: number;
}

/** Per-call options shared by every operation. */
export interface CallOptions {
  /** Aborts the call (e.g. BullMQ job cancellation); the signal's reason is thrown as is. */
  signal?: AbortSignal;
}
