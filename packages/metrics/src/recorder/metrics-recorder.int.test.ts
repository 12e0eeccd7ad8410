import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MistClient } from "@mistflow/mist-client";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DEPLOYMENTS, MIST_CALLS, MIST_RATE_LIMITED, RECORDED_METRICS, STEP_DURATION } from "../catalog";
import { mistCallObserver } from "../observers";
import { renderPrometheus } from "../render";
import { MetricsRecorder } from "./metrics-recorder";

const PREFIX = uniquePrefix("metrics");
const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("MetricsRecorder (real Redis)", () => {
  it("adds up what several processes flush into one hash, histograms as cumulative buckets", async () => {
    const prefix = `${PREFIX}sum`;
    const a = new MetricsRecorder(redis, { prefix });
    const b = new MetricsRecorder(redis, { prefix });
    a.observe(STEP_DURATION, { step: "s01", outcome: "succeeded" }, 0.3);
    b.observe(STEP_DURATION, { step: "s01", outcome: "succeeded" }, 7);
    a.inc(DEPLOYMENTS, { outcome: "succeeded" });
    b.inc(DEPLOYMENTS, { outcome: "succeeded" }, 2);
    b.inc(DEPLOYMENTS, { outcome: "failed" });
    await Promise.all([a.flush(), b.close()]);
    // Nothing pending is sent twice.
    await a.flush();

    const text = renderPrometheus(RECORDED_METRICS, await redis.hgetall(a.key));
    const h = 'mistflow_step_duration_seconds_bucket{outcome="succeeded",step="s01",le=';
    expect(sample(text, `${h}"0.25"}`)).toBe(0);
    expect(sample(text, `${h}"0.5"}`)).toBe(1);
    expect(sample(text, `${h}"10"}`)).toBe(2);
    expect(sample(text, `${h}"+Inf"}`)).toBe(2);
    expect(sample(text, 'mistflow_step_duration_seconds_sum{outcome="succeeded",step="s01"}')).toBeCloseTo(
      7.3,
    );
    expect(sample(text, 'mistflow_step_duration_seconds_count{outcome="succeeded",step="s01"}')).toBe(2);
    expect(sample(text, 'mistflow_deployments_total{outcome="succeeded"}')).toBe(3);
    expect(sample(text, 'mistflow_deployments_total{outcome="failed"}')).toBe(1);
  });

  it("flushes on its own timer, without a call per increment", async () => {
    const prefix = `${PREFIX}timer`;
    const r = new MetricsRecorder(redis, { prefix, flushIntervalMs: 100 }).start();
    for (let i = 0; i < 50; i++) r.inc(DEPLOYMENTS, { outcome: "succeeded" });
    expect(await redis.exists(r.key)).toBe(0);
    const deadline = Date.now() + 10_000;
    while ((await redis.hget(r.key, 'mistflow_deployments_total{outcome="succeeded"}')) !== "50") {
      if (Date.now() > deadline) throw new Error("the timer never flushed");
      await new Promise((res) => setTimeout(res, 50));
    }
    await r.close();
  });

  it("counts Mist calls by method, route and status, and 429s by token alias, never the token", async () => {
    const token = "tok-metrics-0123456789abcdef0123456789abcdef";
    const server = createServer((req, res) => {
      const limited = req.url?.includes("/sites/");
      res.writeHead(limited ? 429 : 200, { "content-type": "application/json", "retry-after": "1" });
      res.end(limited ? JSON.stringify({ detail: "too many" }) : "[]");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const prefix = `${PREFIX}mist`;
    const recorder = new MetricsRecorder(redis, { prefix });
    const mist = new MistClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token,
      tokenAlias: 'prod "eu"',
      retry: { attempts: 1 },
      onCall: mistCallObserver(recorder),
    });
    try {
      const org = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
      await mist.sites.list(org);
      await mist.sites.list(org);
      await expect(mist.sites.get("9f1a0000-45f9-4c1f-8f2c-0c1a7e0d0001")).rejects.toThrow();
    } finally {
      await mist.close();
      await new Promise((resolve) => server.close(resolve));
    }
    await recorder.close();
    const text = renderPrometheus([MIST_CALLS, MIST_RATE_LIMITED], await redis.hgetall(recorder.key));
    expect(
      sample(text, 'mistflow_mist_calls_total{method="GET",route="/orgs/{id}/sites",status="200"}'),
    ).toBe(2);
    expect(sample(text, 'mistflow_mist_calls_total{method="GET",route="/sites/{id}",status="429"}')).toBe(1);
    expect(sample(text, 'mistflow_mist_rate_limited_total{token_alias="prod \\"eu\\""}')).toBe(1);
    expect(text).not.toContain(token);
  });
});
