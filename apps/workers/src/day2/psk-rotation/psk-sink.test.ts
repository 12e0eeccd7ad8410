import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PskSinksConfigError } from "@mistflow/contracts";
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverToSink, loadPskSinks, type PskDelivery, SinkDeliveryError, sinkRequest } from "./psk-sink";

const keyBytes = randomBytes(32);
const secret = `whsec_${keyBytes.toString("base64")}`;
const delivery: PskDelivery = {
  rotation_id: "pskrot-0123456789abcdef01234567",
  org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
  psk_id: "psk-1",
  psk_name: "staff",
  ssid: "corp",
  passphrase: "Vq7mNp3xKt9wRz2bHs4c",
  old_passphrase_until: "2026-01-01T00:00:00.000Z",
};

describe("loadPskSinks", () => {
  it("resolves each sink's signing key from the variable it names", () => {
    const sinks = loadPskSinks(
      { sinks: { vault: { type: "webhook", url: "https://vault.example/psk", secret_env: "VAULT_SECRET" } } },
      { VAULT_SECRET: secret },
    );
    expect(sinks.get("vault")?.key.equals(keyBytes)).toBe(true);
  });

  it("names the sink and the variable when the secret is missing or malformed", () => {
    const config = {
      sinks: { vault: { type: "webhook" as const, url: "https://v.example", secret_env: "VAULT_SECRET" } },
    };
    expect(() => loadPskSinks(config, {})).toThrow(
      new PskSinksConfigError("PSK sink vault: VAULT_SECRET is not set"),
    );
    expect(() => loadPskSinks(config, { VAULT_SECRET: "whsec_c2hvcnQ=" })).toThrow(
      /VAULT_SECRET must be a Standard Webhooks secret/,
    );
  });
});

describe("sinkRequest", () => {
  it("signs webhook-id.timestamp.body with HMAC-SHA256 (Standard Webhooks) and keeps the id across retries", () => {
    const sink = { name: "vault", url: "https://vault.example/psk", key: keyBytes };
    const at = new Date("2026-03-01T12:00:00Z");
    const req = sinkRequest(sink, delivery, at);
    expect(req.headers["webhook-id"]).toBe(delivery.rotation_id);
    expect(req.headers["webhook-timestamp"]).toBe(String(at.getTime() / 1000));
    const expected = createHmac("sha256", keyBytes)
      .update(`${delivery.rotation_id}.${req.headers["webhook-timestamp"]}.${req.body}`)
      .digest("base64");
    expect(req.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(JSON.parse(req.body)).toEqual({
      type: "psk.rotated",
      timestamp: at.toISOString(),
      data: delivery,
    });
    const later = sinkRequest(sink, delivery, new Date(at.getTime() + 60_000));
    expect(later.headers["webhook-id"]).toBe(req.headers["webhook-id"]);
    expect(later.headers["webhook-signature"]).not.toBe(req.headers["webhook-signature"]);
  });
});

describe("deliverToSink", () => {
  let status = 200;
  let url = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      // A careless sink that echoes the request in its error page.
      res.writeHead(status, status === 302 ? { location: "http://elsewhere.example/" } : {});
      res.end(Buffer.concat(chunks));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/psk`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const attempt = async (s: number) => {
    status = s;
    return deliverToSink({ name: "vault", url, key: keyBytes }, delivery, 5_000).then(
      () => undefined,
      (e: Error) => e,
    );
  };

  it("succeeds on 2xx, retries 5xx/408/429, stops on other 4xx and redirects; errors never echo the body", async () => {
    expect(await attempt(204)).toBeUndefined();
    for (const s of [500, 503, 408, 429]) expect(await attempt(s)).toBeInstanceOf(SinkDeliveryError);
    for (const s of [400, 401, 404, 302]) expect(await attempt(s)).toBeInstanceOf(UnrecoverableError);
    const e = await attempt(500);
    expect(e?.message).toBe("PSK sink vault answered 500");
    expect(e?.message).not.toContain(delivery.passphrase);
  });

  it("reports an unreachable sink as retryable, naming only the sink", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await deliverToSink(
      { name: "vault", url: `http://127.0.0.1:${port}/`, key: keyBytes },
      delivery,
      2_000,
    ).catch((x: Error) => x);
    expect(e).toBeInstanceOf(SinkDeliveryError);
    expect((e as Error).message).toMatch(/^PSK sink vault: no answer \(ECONNREFUSED\)$/);
  });
});
