import { randomBytes } from "node:crypto";
import type { PskRotationView } from "@mistflow/contracts";
import { SecretBox, SecretBoxError } from "@mistflow/secrets";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { newPskRotationId, PskRotationStore } from "./psk-rotation-store";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";

const rotation = (pskName: string, id = newPskRotationId()): PskRotationView => {
  const now = new Date().toISOString();
  return {
    id,
    org_id: ORG,
    psk_name: pskName,
    sink: "vault",
    overlap_s: 60,
    policy: {
      length: 20,
      classes: ["lower", "upper", "digits"],
      require_each: true,
      exclude_ambiguous: true,
    },
    state: "queued",
    requested_by: { kind: "api_key", name: "ops" },
    created_at: now,
    updated_at: now,
  };
};

describe("PskRotationStore", () => {
  const redis = new Redis(inject("redisUrl"));
  const prefix = uniquePrefix("pskrot");
  const box = SecretBox.fromBase64("PSK_ENCRYPTION_KEY", randomBytes(32).toString("base64"));
  const store = new PskRotationStore(redis, prefix, box);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("allows one unfinished rotation per PSK; the same id again is the same rotation", async () => {
    const first = rotation("staff");
    expect((await store.create(first)).status).toBe("created");
    expect(await store.create(first)).toEqual({ status: "exists", rotation: first });
    expect(await store.create(rotation("staff"))).toEqual({ status: "busy", active_id: first.id });
    expect((await store.create(rotation("guest"))).status).toBe("created");

    await store.release({ ...first, id: newPskRotationId() }); // not the holder: no effect
    expect((await store.create(rotation("staff"))).status).toBe("busy");
    await store.release(first);
    expect((await store.create(rotation("staff"))).status).toBe("created");
    const history = await store.list(ORG);
    expect(history.map((r) => r.psk_name)).toEqual(["staff", "guest", "staff"]);
  });

  it("updates a record and never shows its fingerprint", async () => {
    const r = rotation("iot");
    await store.create(r);
    await store.update(r.id, { state: "applied", passphrase_fingerprint: store.fingerprint("x-secret-1") });
    const view = await store.get(r.id);
    expect(view?.state).toBe("applied");
    expect(JSON.stringify(view)).not.toContain("fingerprint");
    expect((await store.getStored(r.id))?.passphrase_fingerprint).toBe(store.fingerprint("x-secret-1"));
  });

  it("keeps the first passphrase sealed: a second one for the same rotation is ignored", async () => {
    const id = newPskRotationId();
    const secret = "Kx7pQ2mZr9TbW4nYh8Ls";
    expect(await store.sealPassphrase(id, secret)).toBe(secret);
    expect(await store.sealPassphrase(id, "another-passphrase-9")).toBe(secret);
    const raw = (await redis.get(`${prefix}:psk-rotation-sealed:${id}`)) ?? "";
    expect(raw).not.toContain(secret);
    expect(Buffer.from(raw, "base64").toString("latin1")).not.toContain(secret);
    expect(await redis.ttl(`${prefix}:psk-rotation-sealed:${id}`)).toBeGreaterThan(86_400);
    expect(await store.openPassphrase(id)).toBe(secret);
    await store.dropPassphrase(id);
    expect(await store.openPassphrase(id)).toBeUndefined();
  });

  it("refuses a sealed value moved to another rotation or read with another key", async () => {
    const sealed = box.seal("Kx7pQ2mZr9TbW4nYh8Ls", "pskrot-a");
    expect(() => box.open(sealed, "pskrot-b")).toThrow(SecretBoxError);
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(sealed, "pskrot-a")).toThrow(SecretBoxError);
    expect(other.fingerprint("same")).not.toBe(box.fingerprint("same"));
    expect(() => SecretBox.fromBase64("PSK_ENCRYPTION_KEY", "c2hvcnQ=")).toThrow(
      /PSK_ENCRYPTION_KEY must be 32 bytes/,
    );
  });
});
