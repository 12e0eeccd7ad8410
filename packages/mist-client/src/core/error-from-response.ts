import type { z } from "zod";
import { isPermanentStatus, MistApiError } from "../errors/mist-api-error";
import { MistAuthError } from "../errors/mist-auth-error";
import { MistBadRequestError } from "../errors/mist-bad-request-error";
import { MistForbiddenError } from "../errors/mist-forbidden-error";
import { MistNotFoundError } from "../errors/mist-not-found-error";
import { MistRateLimitError } from "../errors/mist-rate-limit-error";
import { MistServerError } from "../errors/mist-server-error";

export interface ErrorResponse {
  status: number;
  /** Parsed JSON body, or the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  method: string;
  path: string;
  tokenAlias: string;
  /** Only used for 429. */
  retryAfterMs: number;
  errorBodySchema?: z.ZodType | undefined;
}

/** Mist error bodies are DRF style: `{"detail": "..."}`, sometimes with `reason` (docs/design/mist-api.md §3.5). */
function stringField(body: unknown, field: "detail" | "reason"): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}

/** Maps a non-2xx response to the error class callers branch on. */
export function errorFromResponse(res: ErrorResponse): MistApiError {
  const { status, method, path } = res;
  const detail = stringField(res.body, "detail");
  switch (status) {
    case 400: {
      const documented = res.errorBodySchema?.safeParse(res.body);
      return new MistBadRequestError({
        method,
        path,
        detail,
        reason: stringField(res.body, "reason"),
        body: documented?.success ? documented.data : undefined,
      });
    }
    case 401:
      return new MistAuthError({ method, path, detail, tokenAlias: res.tokenAlias });
    case 403:
      return new MistForbiddenError({ method, path, detail, tokenAlias: res.tokenAlias });
    case 404:
      return new MistNotFoundError({ method, path, detail });
    case 429:
      return new MistRateLimitError({ method, path, detail, retryAfterMs: res.retryAfterMs });
  }
  if (status >= 500) return new MistServerError({ status, method, path, detail });
  return new MistApiError(`${method} ${path} failed (${status}): ${detail ?? "(no detail)"}`, {
    status,
    detail,
    method,
    path,
    permanent: isPermanentStatus(status),
  });
}
