/** Spans as an OTLP/HTTP JSON collector receives them, flattened for assertions. */

/** One span as OTLP/HTTP JSON carries it, with the service of its resource. */
export interface FlatSpan {
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

export function flattenSpans(bodies: string[]): FlatSpan[] {
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
