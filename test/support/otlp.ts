/** Spans as an OTLP/HTTP JSON collector receives them, flattened for assertions. */

/** One span as OTLP/HTTP JSON carries it, with the service of its resource. */
interface FlatSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: Record<string, unknown> }> };
    scopeSpans?: Array<{
      spans?: Array<
        Omit<FlatSpan, "service" | "attributes"> & {
          attributes?: Array<{ key: string; value: Record<string, unknown> }>;
        }
      >;
    }>;
  }>;
}

const anyValue = (v: Record<string, unknown>) => Object.values(v)[0];

function flattenSpans(bodies: string[]): FlatSpan[] {
  return bodies.flatMap((body) =>
    ((JSON.parse(body) as OtlpExport).resourceSpans ?? []).flatMap((rs) => {
      const service = String(
        anyValue(rs.resource?.attributes?.find((a) => a.key === "service.name")?.value ?? {}) ?? "",
      );
      return (rs.scopeSpans ?? []).flatMap((ss) =>
        (ss.spans ?? []).map((s) => ({
          ...s,
          service,
          attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, anyValue(a.value)])),
        })),
      );
    }),
  );
}

/** Worker services a deployment's trace passes through, one per domain that runs its steps. */
export const STEP_WORKERS = ["sites", "inventory", "wan", "wired", "wireless", "orchestration"].map(
  (d) => `worker-${d}`,
);

/**
 * Every process exports its spans on its own schedule: a trace is complete for a check only once
 * each of `services` has sent some.
 */
export const hasServices = (t: RequestTrace, services: string[]): boolean =>
  services.every((name) => t.trace.some((s) => s.service === name));

/** OTLP JSON span kinds. */
export const SpanKind = { SERVER: 2, CLIENT: 3, CONSUMER: 5 } as const;

/** A trace the intake API's server span for one request started, split the way suites check it. */
export interface RequestTrace {
  root: FlatSpan;
  trace: FlatSpan[];
  /** Job spans of the worker processes (BullMQ consumers). */
  jobs: FlatSpan[];
  /** Client spans of Mist calls, named `METHOD /route/{template}`. */
  mistCalls: FlatSpan[];
}

/**
 * The trace of the first `method` request to a path ending in `pathSuffix`, from the bodies an
 * OTLP/HTTP collector received; undefined until its server span has been exported.
 */
export function requestTrace(bodies: string[], method: string, pathSuffix: string): RequestTrace | undefined {
  const spans = flattenSpans(bodies);
  const root = spans.find(
    (s) =>
      s.service === "intake-api" &&
      s.kind === SpanKind.SERVER &&
      s.attributes["http.request.method"] === method &&
      String(s.attributes["url.full"]).endsWith(pathSuffix),
  );
  if (!root) return undefined;
  const trace = spans.filter((s) => s.traceId === root.traceId);
  return {
    root,
    trace,
    jobs: trace.filter((s) => s.service.startsWith("worker-") && s.kind === SpanKind.CONSUMER),
    mistCalls: trace.filter((s) => s.kind === SpanKind.CLIENT && s.attributes["url.template"] !== undefined),
  };
}
