import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleDeployments } from "./support/examples";
import { hasServices, requestTrace, SpanKind, STEP_WORKERS } from "./support/otlp";
import { startRecordingServer } from "./support/recording-server";
import { startTestStack, type TestStack } from "./support/test-stack";

/** The sample value of one series (exact series text as printed), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const sum = (text: string, pattern: RegExp) =>
  text
    .split("\n")
    .filter((l) => pattern.test(l))
    .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("observability: metrics, traces and logs of one deployment", () => {
  let stack: TestStack;
  let collector: Awaited<ReturnType<typeof startRecordingServer>>;
  let deploymentId: string;

  beforeAll(async () => {
    collector = await startRecordingServer(() => 200);
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
    // A short SLE soak, for the optional assurance step (an example with devices has one).
    const soak = { ASSURANCE_SOAK_S: "2", ASSURANCE_POLL_S: "0.5" };
    // Debug level: the log check covers every line a worker can write about a job.
    stack = await startTestStack("obs", {
      intakeEnv: otel,
      workerEnv: { ...otel, ...soak, LOG_LEVEL: "debug" },
    });
    // One 429 on the way, so the run has a rate-limited call to count and a parked step to log.
    await stack.sim.addFault({
      method: "GET",
      path: "^/orgs/",
      status: 429,
      retry_after_s: 1,
      times: 1,
    });
    const [first] = exampleDeployments();
    const { id } = await stack.api.submit(first);
    deploymentId = id;
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status).toBe("succeeded");
  });
  afterAll(async () => {
    await stack?.shutdown();
    await collector?.close();
  });

  it("GET /metrics shows the run: step durations, the deployment, Mist calls by route and status, budget left", async () => {
    // Workers flush every ~1.5 s; the scrape sees the whole system once they have.
    const text = await eventually("the workers' totals on /metrics", async () => {
      const t = await (await fetch(`${stack.apiUrl}/metrics`)).text();
      return (sample(t, 'mistflow_deployments_total{outcome="succeeded"}') ?? 0) >= 1 ? t : undefined;
    });
    expect(text).toMatch(/^# TYPE mistflow_step_duration_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE mistflow_deployments_total counter$/m);
    expect(text).toMatch(/^# TYPE mistflow_mist_calls_total counter$/m);
    expect(text).toMatch(/^# TYPE mistflow_mist_rate_limited_total counter$/m);
    expect(text).toMatch(/^# TYPE mistflow_mist_budget_remaining gauge$/m);

    const s01 = sample(text, 'mistflow_step_duration_seconds_count{outcome="succeeded",step="s01"}');
    expect(s01).toBeGreaterThanOrEqual(1);
    const stepsSucceeded = sum(text, /^mistflow_step_duration_seconds_count\{outcome="succeeded",/);
    expect(stepsSucceeded).toBeGreaterThanOrEqual(14);
    expect(
      sample(text, 'mistflow_step_duration_seconds_bucket{outcome="succeeded",step="s01",le="+Inf"}'),
    ).toBe(s01);

    const siteCreates = sample(
      text,
      'mistflow_mist_calls_total{method="POST",route="/orgs/{id}/sites",status="200"}',
    );
    expect(siteCreates).toBeGreaterThanOrEqual(1);
    expect(sum(text, /^mistflow_mist_calls_total\{/)).toBeGreaterThanOrEqual(10);
    // The simulator's demo token has the alias "demo"; its value is nowhere on the page.
    const remaining = sample(text, 'mistflow_mist_budget_remaining{token_alias="demo"}');
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(1_000_000);
    expect(text).not.toContain("sim-demo-token");

    // The 429 the simulator sent: counted per token alias, and among the calls by status.
    expect(
      sum(text, /^mistflow_mist_rate_limited_total\{[^}]*token_alias="demo"[^}]*\} /),
    ).toBeGreaterThanOrEqual(1);
    expect(sum(text, /^mistflow_mist_calls_total\{.*,status="429"\} /)).toBeGreaterThanOrEqual(1);
    // Queue depth per queue and state: the run's jobs are there, completed.
    for (const q of ["orchestration", "sites", "wireless"])
      expect(
        sum(text, new RegExp(`^bullmq_job_count\\{queue="${q}", state="completed"[^}]*\\} `)),
        q,
      ).toBeGreaterThan(0);

    // Every family once, its lines together: a Prometheus parser refuses anything else.
    const typeLines = text.split("\n").filter((l) => l.startsWith("# TYPE "));
    expect(new Set(typeLines).size).toBe(typeLines.length);
    for (const state of [
      "waiting",
      "active",
      "completed",
      "failed",
      "delayed",
      "prioritized",
      "waiting-children",
    ])
      expect(text).toContain(`bullmq_job_count{queue="orchestration", state="${state}"`);
    expect(text).toMatch(/^mistflow_queue_paused\{queue="sites"\} 0$/m);
  });

  it("one trace runs from the HTTP request through the flow's jobs to the Mist calls", async () => {
    const found = await eventually("spans of one trace from the API, a worker and a Mist call", async () => {
      const bodies = collector.requests.filter((r) => r.path === "/v1/traces").map((r) => r.body);
      const t = requestTrace(bodies, "POST", "/v1/deployments");
      const siteCreate = t?.mistCalls.find((s) => s.name === "POST /orgs/{id}/sites");
      return t && t.jobs.length >= 14 && siteCreate && hasServices(t, STEP_WORKERS)
        ? { ...t, siteCreate }
        : undefined;
    });
    const services = new Set(found.trace.map((s) => s.service));
    for (const d of ["sites", "inventory", "wan", "wired", "wireless", "orchestration"])
      expect(services).toContain(`worker-${d}`);
    expect(found.siteCreate.attributes["http.response.status_code"]).toBe(200);
    expect(found.siteCreate.service).toBe("worker-sites");
    // The Mist call hangs under a span of its worker's job, not beside it.
    const byId = new Map(found.trace.map((s) => [s.spanId, s]));
    let parent = byId.get(found.siteCreate.parentSpanId ?? "");
    while (parent && parent.kind !== SpanKind.CONSUMER) parent = byId.get(parent.parentSpanId ?? "");
    expect(parent?.service).toBe("worker-sites");
    expect(JSON.stringify(found.trace)).not.toContain("sim-demo-token");
  });

  it("every line a worker writes while running a step carries the deployment and the step", () => {
    // The only lines without a job: the process starting, connecting and stopping.
    const processLines = new Set([
      "worker started",
      "OpenTelemetry tracing on",
      "stopping: finishing active work",
      "worker stopped",
      "redis connection error",
      "no write-back is configured; ticket events will be skipped",
    ]);
    // The root job's lines are about the whole deployment, not one step.
    const deploymentLines = new Set(["deployment succeeded", "deployment already ended"]);
    const domains = ["sites", "inventory", "wan", "wired", "wireless", "orchestration", "day2"];
    let jobLines = 0;
    for (const d of domains) {
      for (const raw of readFileSync(join(stack.logDir, `worker-${d}.log`), "utf8").split("\n")) {
        if (!raw.startsWith("{")) continue;
        const entry = JSON.parse(raw) as Record<string, unknown>;
        expect(entry.service, raw).toBe(`worker-${d}`);
        if (processLines.has(String(entry.msg))) continue;
        jobLines += 1;
        expect(entry.deployment, raw).toBe(deploymentId);
        if (deploymentLines.has(String(entry.msg))) continue;
        expect(String(entry.step), raw).toMatch(/^(s\d\d|final|assure)$/);
      }
    }
    // 14 steps succeeded, at least one parked on the 429, and the assurance soak's polls.
    expect(jobLines).toBeGreaterThanOrEqual(16);
  });

  it("every log line about the deployment carries its id, and step lines their step", () => {
    const lines = ["intake-api", "worker-sites", "worker-orchestration", "worker-wireless"].flatMap((svc) =>
      readFileSync(join(stack.logDir, `${svc}.log`), "utf8")
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => ({ svc, entry: JSON.parse(l) as Record<string, unknown>, raw: l })),
    );
    const about = lines.filter((l) => l.raw.includes(deploymentId));
    expect(about.length).toBeGreaterThanOrEqual(5);
    for (const { entry } of about) expect(entry.deployment).toBe(deploymentId);
    const accepted = about.find((l) => l.svc === "intake-api" && l.entry.msg === "deployment accepted");
    expect(accepted?.entry).toMatchObject({ deployment: deploymentId, created: true, level: 30 });
    const stepLines = about.filter((l) => l.entry.msg === "step succeeded");
    expect(stepLines.length).toBeGreaterThanOrEqual(3);
    for (const { entry } of stepLines) expect(entry.step).toMatch(/^(s\d\d|final|assure)$/);
    expect(about.some((l) => l.entry.msg === "deployment succeeded")).toBe(true);
  });
});
