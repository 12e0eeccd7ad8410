import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const PSKS = `/orgs/${DEFAULT_ORG_ID}/psks`;
const psk = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: "guest",
  passphrase: "first-secret",
  ssid: "corp",
  role: "guest",
  vlan_id: 30,
  ...extra,
});

describe("PSKs", () => {
  const ctx = useSim();

  it("creates and returns the passphrase as stored", async () => {
    const res = await ctx.api.post(PSKS, psk());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...psk(), org_id: DEFAULT_ORG_ID, id: expect.any(String) });
  });

  it("requires name, passphrase and ssid, and checks the passphrase length", async () => {
    for (const field of ["name", "passphrase", "ssid"]) {
      const { [field]: _omitted, ...body } = psk();
      const res = await ctx.api.post(PSKS, body);
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(`invalid field: ${field}`);
    }
    expect((await ctx.api.post(PSKS, psk({ passphrase: "short" }))).body.detail).toBe(
      "invalid field: passphrase",
    );
    expect((await ctx.api.post(PSKS, psk({ passphrase: "a".repeat(64) }))).status).toBe(200);
  });

  it("rejects a duplicate name without upsert", async () => {
    await ctx.api.post(PSKS, psk());
    const res = await ctx.api.post(PSKS, psk({ passphrase: "other-secret" }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: "PSK with name 'guest' already exists" });
  });

  it("replaces by name with ?upsert=true, keeping the id and recording the old passphrase", async () => {
    const first = (await ctx.api.post(PSKS, psk())).body;
    const res = await ctx.api.post(`${PSKS}?upsert=true`, {
      name: "guest",
      passphrase: "second-secret",
      ssid: "corp",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: first.id,
      passphrase: "second-secret",
      old_passphrase: "first-secret",
    });
    expect(res.body.role).toBeUndefined(); // replaced, not merged
    expect((await ctx.api.get(PSKS)).body).toHaveLength(1);
  });

  it("creates normally with ?upsert=true when the name is new", async () => {
    const res = await ctx.api.post(`${PSKS}?upsert=true`, psk());
    expect(res.status).toBe(200);
    expect(res.body.old_passphrase).toBeUndefined();
  });

  it("rotates via PUT: old_passphrase keeps the previous one until deleted", async () => {
    const created = (await ctx.api.post(PSKS, psk())).body;
    const rotated = await ctx.api.put(`${PSKS}/${created.id}`, psk({ passphrase: "second-secret" }));
    expect(rotated.body).toMatchObject({
      passphrase: "second-secret",
      old_passphrase: "first-secret",
      role: "guest",
    });
    const renamed = await ctx.api.put(
      `${PSKS}/${created.id}`,
      psk({ passphrase: "second-secret", note: "no rotation" }),
    );
    expect(renamed.body.old_passphrase).toBe("first-secret");
    const cleared = await ctx.api.post(`${PSKS}/${created.id}/delete_old_passphrase`);
    expect(cleared.status).toBe(200);
    expect(cleared.body.old_passphrase).toBeUndefined();
    expect(cleared.body.passphrase).toBe("second-secret");
    expect((await ctx.api.get(`${PSKS}/${created.id}`)).body.old_passphrase).toBeUndefined();
  });

  it("refuses an update without name, passphrase or ssid, as the spec's psk schema requires them", async () => {
    const created = (await ctx.api.post(PSKS, psk())).body;
    for (const field of ["name", "passphrase", "ssid"]) {
      const { [field]: _left, ...body } = psk();
      const res = await ctx.api.put(`${PSKS}/${created.id}`, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await ctx.api.get(`${PSKS}/${created.id}`)).body.passphrase).toBe("first-secret");
  });

  it("ignores old_passphrase sent by clients and refuses renaming onto another PSK", async () => {
    const a = (await ctx.api.post(PSKS, psk({ old_passphrase: "forged" }))).body;
    expect(a.old_passphrase).toBeUndefined();
    await ctx.api.post(PSKS, psk({ name: "staff" }));
    const res = await ctx.api.put(`${PSKS}/${a.id}`, psk({ name: "staff" }));
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("PSK with name 'staff' already exists");
  });

  it("filters the list by name, ssid and role", async () => {
    await ctx.api.post(PSKS, psk());
    await ctx.api.post(PSKS, psk({ name: "staff", role: "staff", ssid: "staff-ssid" }));
    const names = async (q: string) =>
      (await ctx.api.get(`${PSKS}?${q}`)).body.map((p: { name: string }) => p.name);
    expect(await names("role=staff")).toEqual(["staff"]);
    expect(await names("ssid=corp")).toEqual(["guest"]);
    expect(await names("name=guest")).toEqual(["guest"]);
  });

  it("deletes with 200 and an empty body", async () => {
    const created = (await ctx.api.post(PSKS, psk())).body;
    const del = await ctx.api.delete(`${PSKS}/${created.id}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe("");
    expect((await ctx.api.get(`${PSKS}/${created.id}`)).status).toBe(404);
  });
});
