import { UnrecoverableError } from "bullmq";

/** One HTTP request of a write-back. Built per attempt; headers may hold credentials and are never logged. */
export interface VendorCall {
  /** Step name within the write-back (`comment`, `transition` …), for checkpoints and logs. */
  name: string;
  /** What the logs and errors say instead of the URL and headers: `Jira POST /rest/api/3/…`. */
  label: string;
  method: "POST" | "PATCH";
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A vendor answer worth retrying (5xx, 408, 429) or no answer at all. */
export class VendorCallError extends Error {
  override name = "VendorCallError";
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
export const isVendorCallError = (e: unknown): e is VendorCallError =>
  e instanceof Error && e.name === "VendorCallError";

const retryAfterMs = (header: string | null): number | undefined => {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};

/** A 4xx other than 408/429 will answer the same next time: the ticket, config or credentials are wrong. */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * Performs a call. 2xx resolves; a permanent 4xx throws `UnrecoverableError` (no retries);
 * 5xx, 408, 429, timeouts and network errors throw `VendorCallError` for BullMQ's backoff.
 * Redirects are not followed (they must not carry credentials elsewhere) and are permanent: the
 * configured URL is wrong, typically http where the vendor wants https.
 */
export async function performCall(call: VendorCall, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new VendorCallError(`${call.label}: no answer (${why})`);
  }
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    const to = res.headers.get("location");
    throw new UnrecoverableError(
      `${call.label} answered ${res.status} (redirect${to ? ` to ${new URL(to, call.url).origin}` : ""}): fix the configured URL`,
    );
  }
  // Vendors explain 4xx in the body (Jira `errorMessages`, ServiceNow `error.message`): keep a little.
  const excerpt = (await res.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 300);
  const message = `${call.label} answered ${res.status}${excerpt ? `: ${excerpt}` : ""}`;
  if (isPermanent(res.status)) throw new UnrecoverableError(message);
  throw new VendorCallError(message, res.status, retryAfterMs(res.headers.get("retry-after")));
}
