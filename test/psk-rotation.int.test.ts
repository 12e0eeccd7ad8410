import { createHmac, randomBytes } from "node:crypto";
import type { PskRotationView } from "@mistflow/contracts";
import { SIM_DEMO_TOKEN } from "@mistflow/process-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import { type Recorded, startRecordingServer } from "./support/recording-server";
import { expectNoSecrets, whatMistflowWrote } from "./support/secrets-scan";
import type { StackUnderTest } from "./support/stack-under-test";

/**
 * PSK rotation over real processes: the day2 worker sets a new passphrase in the simulator,
 * delivers it to a signed-webhook sink (a local recording server) and, after the overlap,
 * removes `old_passphrase`; the passphrase shows up nowhere else.
 */

const sinkKey = randomBytes(32);
const SINK_SECRET = `whsec_${sinkKey.toString("base64")}`;
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const ORIGINAL = `orig-${randomBytes(9).toString("base64url")}`;
const OVERLAP_S = 4;

interface SimPsk {
  id: string;
  name: string;
  passphrase: string;
  old_passphrase?: string;
}

interface Delivery {
  type: string;
  data: {
    rotation_id: string;
    psk_name: string;
    psk_id: string;
    ssid: string;
    passphrase: string;
    old_passphrase_until: string;
  };
}

describe("PSK rotation with an overlap window", () => {
  let stack: StackUnderTest;
  let sink: Awaited<ReturnType<typeof startRecordingServer>>;
  let sinkAnswer: (req: Recorded) => number = () => 200;
  const admin = () =>
    `Basic ${Buffer.from(`${stack.board.username}:${stack.board.password}`).toString("base64")}`;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: admin(), ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const psk = async (name: string): Promise<SimPsk> => {
    const found = (await stack.sim.objects<SimPsk>(DEMO_ORG, "psks")).find((p) => p.name === name);
    if (!found) throw new Error(`no PSK ${name} in the simulator`);
    return found;
  };
  const rotation = async (id: string) =>
    (await api("GET", `/v1/psk-rotations/${id}`)).body as PskRotationView;
  const waitForState = async (id: string, state: PskRotationView["state"], timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await rotation(id);
      if (r.state === state) return r;
      if (r.state === "failed" || Date.now() > deadline)
        throw new Error(`rotation ${id} is ${r.state} (${r.error ?? "no error"}), waited for ${state}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  };
  const createPsk = async (name: string, passphrase: string) => {
    // Straight to the simulator's Mist API, as an operator's existing PSK would be.
    const res = await fetch(`${stack.simUrl}/api/v1/orgs/${DEMO_ORG}/psks`, {
      method: "POST",
      headers: { authorization: `Token ${SIM_DEMO_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name, passphrase, ssid: "corp-staff", role: "staff", vlan_id: 20 }),
    });
    expect(res.status).toBe(200);
  };
  const verified = (req: Recorded): Delivery => {
    const id = String(req.headers["webhook-id"]);
    const ts = String(req.headers["webhook-timestamp"]);
    const expected = createHmac("sha256", sinkKey).update(`${id}.${ts}.${req.body}`).digest("base64");
    expect(req.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(300);
    return JSON.parse(req.body) as Delivery;
  };

  beforeAll(async () => {
    sink = await startRecordingServer((req) => sinkAnswer(req));
    const sinks = JSON.stringify({
      sinks: { vault: { url: `${sink.url}/psk`, secret_env: "PSK_VAULT_SECRET" } },
    });
    stack = await startInProcessStack("psk-rotation", {
      workerEnv: { PSK_SINKS: sinks, PSK_VAULT_SECRET: SINK_SECRET, PSK_ENCRYPTION_KEY: ENCRYPTION_KEY },
      intakeEnv: { PSK_SINKS: sinks },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
    await sink?.close();
  });

  it("keeps the old passphrase through the overlap, then removes it; the sink gets one signed delivery", async () => {
    await createPsk("staff", ORIGINAL);
    const res = await api("POST", "/v1/psk-rotations", {
      org_id: DEMO_ORG,
      psk_name: "staff",
      sink: "vault",
      overlap_s: OVERLAP_S,
      policy: { length: 24, classes: ["lower", "upper", "digits", "symbols"] },
    });
    expect(res.status).toBe(202);
    const id = (res.body as PskRotationView).id;

    const delivered = await waitForState(id, "delivered");
    const during = await psk("staff");
    expect(during.old_passphrase).toBe(ORIGINAL);
    expect(during.passphrase).not.toBe(ORIGINAL);
    expect(during.passphrase).toHaveLength(24);
    expect(during.passphrase).not.toMatch(/[0O1lI|`'" ]/);
    expect(during.passphrase).toMatch(/[!#%*+\-=?@^_~]/);

    const done = await waitForState(id, "old_removed", 60_000);
    const after = await psk("staff");
    expect(after.old_passphrase).toBeUndefined();
    expect(after.passphrase).toBe(during.passphrase);
    // The overlap runs from the delivery (which follows the change in Mist); the delayed job
    // removed old_passphrase no earlier than the time the sink was told.
    const until = Date.parse(delivered.old_passphrase_until ?? "");
    expect(until - Date.parse(delivered.applied_at ?? "")).toBeGreaterThanOrEqual(OVERLAP_S * 1_000);
    expect(Date.parse(done.old_removed_at ?? "")).toBeGreaterThanOrEqual(until);
    expect(done).toMatchObject({
      psk_id: during.id,
      ssid: "corp-staff",
      requested_by: { kind: "admin", name: stack.board.username },
    });
    for (const at of [done.generated_at, done.applied_at, done.delivered_at, done.old_removed_at])
      expect(at).toEqual(expect.any(String));

    expect(sink.requests).toHaveLength(1);
    const [req] = sink.requests;
    if (!req) throw new Error("no delivery");
    expect([req.method, req.path]).toEqual(["POST", "/psk"]);
    const body = verified(req);
    expect(body).toEqual({
      type: "psk.rotated",
      timestamp: expect.any(String),
      data: {
        rotation_id: id,
        org_id: DEMO_ORG,
        psk_id: during.id,
        psk_name: "staff",
        ssid: "corp-staff",
        passphrase: during.passphrase,
        old_passphrase_until: delivered.old_passphrase_until,
      },
    });
    // Only the passphrase changed: the PSK kept its role and VLAN.
    expect(after).toMatchObject({ role: "staff", vlan_id: 20 });
    const history = (await api("GET", `/v1/psk-rotations?org_id=${DEMO_ORG}`)).body as PskRotationView[];
    expect(history.map((r) => [r.id, r.state])).toEqual([[id, "old_removed"]]);
    expect(JSON.stringify(history)).not.toContain(during.passphrase);
  });

  it("a retried rotation sets and delivers the passphrase it generated first", async () => {
    await createPsk("guest", `guest-${randomBytes(9).toString("base64url")}`);
    const original = (await psk("guest")).passphrase;
    // Mist refuses the change for one whole job attempt (the client's own retries included),
    // then the sink refuses the first delivery: two more attempts of the same job.
    await stack.sim.addFault({ method: "PUT", path: "^/orgs/[^/]+/psks/[^/]+$", status: 503, times: 3 });
    let refused = 0;
    sinkAnswer = (req) => (req.body.includes('"psk_name":"guest"') && refused++ === 0 ? 503 : 200);
    const res = await api("POST", "/v1/psk-rotations", {
      org_id: DEMO_ORG,
      psk_name: "guest",
      sink: "vault",
      overlap_s: OVERLAP_S,
    });
    expect(res.status).toBe(202);
    const id = (res.body as PskRotationView).id;
    await waitForState(id, "delivered", 90_000);
    const during = await psk("guest");
    expect(during.old_passphrase).toBe(original);
    await waitForState(id, "old_removed");
    const deliveries = sink.requests.filter((r) => r.headers["webhook-id"] === id).map(verified);
    expect(deliveries).toHaveLength(2);
    expect(deliveries.map((d) => d.data.passphrase)).toEqual([during.passphrase, during.passphrase]);
    expect((await psk("guest")).passphrase).toBe(during.passphrase);
    const puts = (await stack.sim.ledger()).filter(
      (e) => e.method === "PUT" && e.path.includes(`/psks/${during.id}`),
    );
    expect(puts.map((e) => e.status)).toEqual([503, 503, 503, 200]);
    sinkAnswer = () => 200;
  });

  it("a sink that refuses leaves the old passphrase working and the PSK locked until a retry delivers", async () => {
    await createPsk("printer", `printer-${randomBytes(9).toString("base64url")}`);
    const original = (await psk("printer")).passphrase;
    sinkAnswer = (req) => (req.body.includes('"psk_name":"printer"') ? 400 : 200);
    const body = { org_id: DEMO_ORG, psk_name: "printer", sink: "vault", overlap_s: 1 };
    const id = ((await api("POST", "/v1/psk-rotations", body)).body as PskRotationView).id;
    const failed = await waitForState(id, "failed");
    expect(failed).toMatchObject({
      state: "failed",
      failed_in: "applied",
      error: "PSK sink vault answered 400",
    });
    const stuck = await psk("printer");
    expect(stuck.old_passphrase).toBe(original); // clients keep working on the previous passphrase
    expect((await api("POST", "/v1/psk-rotations", body)).status).toBe(409);

    sinkAnswer = () => 200;
    expect((await api("POST", `/v1/psk-rotations/${id}/retry`)).status).toBe(202);
    await waitForState(id, "old_removed");
    const deliveries = sink.requests.filter((r) => r.headers["webhook-id"] === id).map(verified);
    expect(deliveries.map((d) => d.data.passphrase)).toEqual([stuck.passphrase, stuck.passphrase]);
    const final = await psk("printer");
    expect([final.passphrase, final.old_passphrase]).toEqual([stuck.passphrase, undefined]);
  });

  // A cron with seconds (six fields, in a time zone) fires like a fixed interval does.
  it.each([
    { how: "every 2 s", name: "iot", timing: { every_s: 2 } },
    { how: "a cron in a time zone", name: "iot-cron", timing: { cron: "*/2 * * * * *", tz: "Europe/Paris" } },
  ])("a schedule ($how) fires rotations that show in the history", async ({ name, timing }) => {
    await createPsk(name, `${name}-${randomBytes(9).toString("base64url")}`);
    const created = await api("POST", "/v1/psk-rotations/schedules", {
      org_id: DEMO_ORG,
      psk_names: [name],
      ...timing,
      overlap_s: 1,
      sink: "vault",
      policy: { length: 16 },
    });
    expect(created.status).toBe(201);
    const scheduleId = (created.body as { id: string }).id;
    const listed = (await api("GET", "/v1/psk-rotations/schedules")).body as { id: string }[];
    expect(listed.map((s) => s.id)).toEqual([scheduleId]);

    const deadline = Date.now() + 60_000;
    let done: PskRotationView | undefined;
    while (!done && Date.now() < deadline) {
      const history = (await api("GET", `/v1/psk-rotations?org_id=${DEMO_ORG}`)).body as PskRotationView[];
      done = history.find((r) => r.schedule_id === scheduleId && r.state === "old_removed");
      if (!done) await new Promise((r) => setTimeout(r, 200));
    }
    expect((await api("DELETE", `/v1/psk-rotations/schedules/${scheduleId}`)).status).toBe(200);
    if (!done) throw new Error("no scheduled rotation finished");
    // A firing may have started just before the removal: let it finish before comparing.
    for (let settled = false; !settled; await new Promise((r) => setTimeout(r, 200))) {
      const history = (await api("GET", `/v1/psk-rotations?org_id=${DEMO_ORG}`)).body as PskRotationView[];
      settled = history
        .filter((r) => r.schedule_id === scheduleId)
        .every((r) => r.state === "old_removed" || r.state === "failed");
    }
    expect(done).toMatchObject({
      psk_name: name,
      requested_by: { kind: "schedule", name: scheduleId },
      policy: { length: 16 },
      overlap_s: 1,
    });
    const iot = await psk(name);
    const deliveries = sink.requests.map(verified).filter((d) => d.data.psk_name === name);
    expect(deliveries.map((d) => d.data.rotation_id)).toContain(done.id);
    // Every scheduled rotation delivered the passphrase it set; the latest one is what Mist has.
    expect(deliveries.at(-1)?.data.passphrase).toBe(iot.passphrase);
    expect(new Set(deliveries.map((d) => d.data.rotation_id)).size).toBe(deliveries.length);
  });

  it("no passphrase or sink secret appears in any log line, Redis value, job data or Bull Board", async () => {
    const passphrases = sink.requests.map((r) => (JSON.parse(r.body) as Delivery).data.passphrase);
    expect(passphrases.length).toBeGreaterThanOrEqual(2);
    const secrets = [...passphrases, ORIGINAL, SINK_SECRET.slice("whsec_".length), ENCRYPTION_KEY];
    const written = await whatMistflowWrote(stack);
    expect(written.logs.get("worker-day2.log")).toMatch(/PSK rotation: delivered to the sink/);
    expectNoSecrets(written.everything, secrets);
    const board = await fetch(`${stack.apiUrl}/admin/queues/api/queues?activeQueue=day2&status=completed`, {
      headers: { authorization: admin() },
    });
    expect(board.status).toBe(200);
    const boardText = await board.text();
    expect(boardText).toContain("rotate-psk");
    expectNoSecrets(boardText, secrets);
  });
});
