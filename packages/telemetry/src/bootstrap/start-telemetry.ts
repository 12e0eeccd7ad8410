import type { Telemetry as BullTelemetry } from "bullmq";
import { bullmqTelemetry } from "../bullmq";

export interface TelemetrySettings {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
}

export interface Telemetry {
  enabled: boolean;
  /** The `telemetry` option of BullMQ's Queue, FlowProducer and Worker; undefined when off. */
  bullmq: BullTelemetry | undefined;
  /** Where spans go, for the start-up log line. */
  tracesUrl: string | undefined;
  /** Sends the spans still buffered, then stops the SDK. */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { enabled: false, bullmq: undefined, tracesUrl: undefined, shutdown: async () => {} };

/** The collector's traces URL, as the OTLP exporter spec derives it from the two variables. */
export function tracesUrlOf(env: TelemetrySettings): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
}

/**
 * Starts OpenTelemetry tracing for one process when an OTLP endpoint is configured: a Node tracer
 * provider (AsyncLocalStorage context, W3C trace context), batched OTLP/HTTP JSON export, and the
 * BullMQ telemetry that carries the trace through job options from producer to worker. Without an
 * endpoint nothing is loaded: the code paths keep calling `@opentelemetry/api`, which is a no-op.
 * Call it before creating queues, workers or the HTTP app.
 */
export async function startTelemetry(serviceName: string, env: TelemetrySettings): Promise<Telemetry> {
  const url = tracesUrlOf(env);
  if (!url) return OFF;
  // Loaded only here, so a process without tracing never pays for the SDK.
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-node"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 1_000 })],
  });
  provider.register();
  return {
    enabled: true,
    bullmq: bullmqTelemetry(),
    tracesUrl: url,
    shutdown: () => provider.shutdown(),
  };
}
