import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { startTelemetry, tracesUrlOf } from "./start-telemetry";

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });

describe("startTelemetry", () => {
  it("derives the traces URL the way the OTLP spec does", () => {
    expect(tracesUrlOf({})).toBeUndefined();
    expect(tracesUrlOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })).toBe(
      "http://collector:4318/v1/traces",
    );
    expect(
      tracesUrlOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://other:4318/custom",
      }),
    ).toBe("http://other:4318/custom");
  });

  it("starts nothing without an endpoint: spans stay non-recording no-ops", async () => {
    const t = await startTelemetry("test", {});
    expect(t.enabled).toBe(false);
    expect(t.bullmq).toBeUndefined();
    const span = trace.getTracer("t").startSpan("x");
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it("exports spans as OTLP JSON to the collector, with the service name", async () => {
    const received: unknown[] = [];
    const server = createServer(async (req, res) => {
      if (req.url === "/v1/traces" && req.headers["content-type"]?.includes("json"))
        received.push(JSON.parse(await body(req)));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const t = await startTelemetry("unit-service", { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
      expect(t.enabled).toBe(true);
      expect(t.bullmq).toBeDefined();
      trace.getTracer("t").startActiveSpan("parent", (parent) => {
        trace.getTracer("t").startSpan("child").end();
        parent.end();
      });
      await t.shutdown();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const text = JSON.stringify(received);
    expect(text).toContain('"unit-service"');
    const spans = (
      received as Array<{
        resourceSpans: Array<{
          scopeSpans: Array<{
            spans: Array<{ name: string; traceId: string; parentSpanId?: string; spanId: string }>;
          }>;
        }>;
      }>
    )
      .flatMap((r) => r.resourceSpans)
      .flatMap((r) => r.scopeSpans)
      .flatMap((s) => s.spans);
    const parent = spans.find((s) => s.name === "parent");
    const child = spans.find((s) => s.name === "child");
    expect(child?.traceId).toBe(parent?.traceId);
    expect(child?.parentSpanId).toBe(parent?.spanId);
  });
});
