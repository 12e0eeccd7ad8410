import { readSse, type SseMessage } from "@mistflow/cli";
import { type BatchView, STEP_IDS, STEPS, type StepEvent } from "@mistflow/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

describe("batch intake and deployment events over HTTP", () => {
  let stack: StackUnderTest;
  const post = (body: string, type: string, query = "") =>
    fetch(`${stack.apiUrl}/v1/deployments/batch${query}`, {
      method: "POST",
      headers: { "content-type": type },
      body,
    });
  const sites = (...names: string[]) => names.map((n) => extraSite(n));

  beforeAll(async () => {
    stack = await startInProcessStack("batch-events");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("rejects a JSON batch with bad rows whole: 422, every bad row with its field, nothing enqueued", async () => {
    const body = sites("B-01", "B-02", "B-03", "B-04");
    body[1] = { ...extraSite("B-02"), site: { ...extraSite("B-02").site, timezone: "Mars/Olympus" } };
    body[3] = extraSite("B-04", "MOON");
    const res = await post(JSON.stringify(body), "application/json");
    expect(res.status).toBe(422);
    const json = (await res.json()) as { error: string; rows: unknown[] };
    expect(json.error).toBe("validation_failed");
    expect(json.rows).toEqual([
      { row: 2, field: "site.timezone", message: "must be an IANA time zone such as Europe/Paris" },
      { row: 4, field: "region", message: expect.stringContaining('unknown IPAM zone "MOON"') },
    ]);
    expect(await stack.jobCount()).toBe(0);
    expect(await (await fetch(`${stack.apiUrl}/v1/deployments`)).json()).toEqual([]);
  });

  it("refuses more than 1,000 sites in one batch, JSON or CSV, before reading a row", async () => {
    const names = Array.from({ length: 1_001 }, (_, i) => `B-CAP-${i}`);
    const json = await post(JSON.stringify(sites(...names)), "application/json");
    expect(json.status).toBe(422);
    expect(await json.json()).toMatchObject({
      issues: [{ field: "body", message: "1001 sites: at most 1000 per batch" }],
    });
    const csv = ["site_name,address,country_code,timezone,region"]
      .concat(names.map((n) => `${n},"1 Main St",US,America/New_York,NA-EAST`))
      .join("\n");
    const sheet = await post(csv, "text/csv", `?org_id=${extraSite("x").org_id}&blueprint=retail-branch`);
    expect(sheet.status).toBe(422);
    expect(((await sheet.json()) as { issues: Array<{ field: string }> }).issues[0]?.field).toBe("body");
    expect(await stack.jobCount()).toBe(0);
  });

  it("rejects a CSV body with the line number of every bad row", async () => {
    const csv = [
      "site_name,address,country_code,timezone,region",
      "C-01,1 Main St,US,America/New_York,NA-EAST",
      "C-02,2 Main St,US,America/New_York,NOWHERE",
      "",
      "C-03,3 Main St,US,Not/AZone,NA-EAST",
      "c-01,1 Main St,US,America/New_York,NA-EAST",
    ].join("\n");
    const res = await post(
      csv,
      "text/csv",
      "?blueprint=retail-branch&org_id=6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
    );
    expect(res.status).toBe(422);
    const { rows } = (await res.json()) as { rows: Array<{ line: number; field: string }> };
    expect(rows.map((r) => [r.line, r.field])).toEqual([
      [3, "region"],
      [5, "timezone"],
      [6, "site_name"],
    ]);
    expect(await stack.jobCount()).toBe(0);
  });

  it("accepts a batch (202 + batch id), is idempotent on resubmission, and reports it per deployment", async () => {
    const body = JSON.stringify(sites("OK-01", "OK-02", "OK-03"));
    const res = await post(body, "application/json");
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as {
      id: string;
      created: number;
      deployments: Array<{ id: string }>;
    };
    expect(accepted.id).toMatch(/^bat-[0-9a-f]{24}$/);
    expect(res.headers.get("location")).toBe(`/v1/batches/${accepted.id}`);
    expect(accepted.created).toBe(3);

    const again = await post(body, "application/json");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: accepted.id, created: 0 });

    let view: BatchView;
    const deadline = Date.now() + 90_000;
    do {
      await new Promise((r) => setTimeout(r, 300));
      view = (await (await fetch(`${stack.apiUrl}/v1/batches/${accepted.id}`)).json()) as BatchView;
    } while (!view.done && Date.now() < deadline);
    expect(view.total).toBe(3);
    expect(view.totals).toMatchObject({ succeeded: 3, failed: 0, queued: 0, running: 0 });
    expect(view.deployments.map((d) => d.id)).toEqual(accepted.deployments.map((d) => d.id));
    // An optional step the deployment does not have (assurance off) is skipped, not run.
    for (const d of view.deployments)
      expect(Object.values(d.steps).every((s) => s === "succeeded" || s === "skipped")).toBe(true);
    expect((await fetch(`${stack.apiUrl}/v1/batches/bat-000000000000000000000000`)).status).toBe(404);
  });

  const collect = async (id: string, lastEventId?: string): Promise<SseMessage[]> => {
    const res = await fetch(`${stack.apiUrl}/v1/deployments/${id}/events`, {
      headers: lastEventId ? { "last-event-id": lastEventId } : {},
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const out: SseMessage[] = [];
    // The loop ends only when the server closes the stream.
    for await (const m of readSse(res.body as ReadableStream<Uint8Array>)) out.push(m);
    return out;
  };

  it("streams step transitions in order and ends the stream when the deployment ends", async () => {
    const { id } = await stack.api.submit(extraSite("SSE-01"));
    const messages = await collect(id);
    const last = messages.at(-1);
    expect(last?.event).toBe("end");
    expect(JSON.parse(last?.data ?? "{}")).toMatchObject({ deployment_id: id, status: "succeeded" });

    const steps = messages.filter((m) => m.event === "step").map((m) => JSON.parse(m.data) as StepEvent);
    const at = (step: string, state: string) => steps.findIndex((e) => e.step === step && e.state === state);
    const skipped = STEP_IDS.filter((s) => at(s, "skipped") >= 0);
    const ran = STEP_IDS.filter((s) => !skipped.includes(s));
    for (const s of ran) {
      expect(at(s, "running"), `${s} starts`).toBeGreaterThanOrEqual(0);
      expect(at(s, "succeeded"), `${s} ends after it starts`).toBeGreaterThan(at(s, "running"));
      for (const u of STEPS[s].after.filter((p) => ran.includes(p)))
        expect(at(u, "succeeded"), `${u} before ${s}`).toBeLessThan(at(s, "running"));
    }
    expect(steps.length, "each transition once").toBe(ran.length * 2 + skipped.length);
    const statuses = messages.filter((m) => m.event === "status").map((m) => JSON.parse(m.data).status);
    expect(statuses.at(-1)).toBe("succeeded");

    // A reconnect resumes after the last event it saw: no step is replayed.
    const resumed = await collect(id, messages.at(-2)?.id);
    expect(resumed.map((m) => m.event)).toEqual(["end"]);
    const midway = messages.findIndex((m) => m.event === "step" && JSON.parse(m.data).step === "final");
    const rest = await collect(id, messages[midway - 1]?.id);
    expect(rest.filter((m) => m.event === "step").map((m) => JSON.parse(m.data).step)).toEqual(
      messages
        .slice(midway)
        .filter((m) => m.event === "step")
        .map((m) => JSON.parse(m.data).step),
    );
  });
});
