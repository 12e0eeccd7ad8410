import { type Context, context, propagation, type Span, type SpanOptions, trace } from "@opentelemetry/api";
import type {
  ContextManager as BullContextManager,
  Span as BullSpan,
  Telemetry as BullTelemetry,
  Tracer as BullTracer,
} from "bullmq";

/**
 * BullMQ's `telemetry` option on top of `@opentelemetry/api` (what `bullmq-otel` does, minus its
 * metrics). Ours because `bullmq-otel` is an optional peer of bullmq: installing it gives every
 * package that has it its own copy of bullmq, whose classes no longer match the others'.
 *
 * The producer's context travels as W3C `traceparent` JSON in `opts.telemetry.metadata` of each
 * job (not in job data, which stays `{deployment_id, step}`), and the worker runs the processor
 * inside a consumer span that continues that trace.
 */
class OtelSpan implements BullSpan<Context> {
  constructor(private readonly span: Span) {}
  setSpanOnContext(ctx: Context): Context {
    return trace.setSpan(ctx, this.span);
  }
  setAttribute(key: string, value: Parameters<BullSpan["setAttribute"]>[1]): void {
    this.span.setAttribute(key, value);
  }
  setAttributes(attributes: Parameters<BullSpan["setAttributes"]>[0]): void {
    this.span.setAttributes(attributes);
  }
  addEvent(name: string, attributes?: Parameters<BullSpan["addEvent"]>[1]): void {
    this.span.addEvent(name, attributes);
  }
  recordException(
    exception: Parameters<BullSpan["recordException"]>[0],
    time?: Parameters<BullSpan["recordException"]>[1],
  ): void {
    this.span.recordException(exception, time);
  }
  end(): void {
    this.span.end();
  }
}

const contextManager: BullContextManager<Context> = {
  with: (ctx, fn) => context.with(ctx, fn),
  active: () => context.active(),
  getMetadata(ctx) {
    const carrier: Record<string, string> = {};
    propagation.inject(ctx, carrier);
    return JSON.stringify(carrier);
  },
  fromMetadata(activeCtx, metadata) {
    try {
      return propagation.extract(activeCtx, JSON.parse(metadata) as Record<string, string>);
    } catch {
      // A job written by something else: start a new trace rather than fail the job.
      return activeCtx;
    }
  },
};

export function bullmqTelemetry(tracerName = "mistflow"): BullTelemetry<Context> {
  const tracer = trace.getTracer(tracerName);
  const bullTracer: BullTracer<Context> = {
    // BullMQ's SpanKind numbers are OpenTelemetry's.
    startSpan: (name, options, ctx) => new OtelSpan(tracer.startSpan(name, options as SpanOptions, ctx)),
  };
  return { tracer: bullTracer, contextManager };
}
