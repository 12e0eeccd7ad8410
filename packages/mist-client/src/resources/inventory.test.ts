import { afterEach, describe, expect, it } from "vitest";
import { MistClient } from "../client/mist-client";
import { isMistBadRequestError, isMistServerError } from "../errors";
import { type Handler, sendJson, startTestServer, type TestServer } from "../test-support/http-test-server";

let server: TestServer | undefined;
let mist: MistClient | undefined;

afterEach(async () => {
  await mist?.close();
  await server?.close();
});

async function setup(handler: Handler) {
  server = await startTestServer(handler);
  mist = new MistClient({ baseUrl: server.url, token: "t", tokenAlias: "test", retry: { baseDelayMs: 1 } });
  return { server, mist };
}

const codes = (n: number) => Array.from({ length: n }, (_, i) => `CODE-${String(i).padStart(3, "0")}`);

/** Mist's claim rules: `BAD-*` codes are errors, `OWN-*` duplicated, others added; 400 if none valid. */
const claimHandler: Handler = (req, res) => {
  const batch = req.json as string[];
  const bad = batch.filter((c) => c.startsWith("BAD"));
  const own = batch.filter((c) => c.startsWith("OWN"));
  const added = batch.filter((c) => !bad.includes(c) && !own.includes(c));
  const body = {
    added,
    duplicated: own,
    error: bad,
    reason: bad.map(() => "invalid claim code"),
    inventory_added: added.map((magic, i) => ({
      mac: `5c5b35${String(i).padStart(6, "0")}`,
      magic,
      model: "AP45",
    })),
    inventory_duplicated: [],
  };
  sendJson(res, added.length + own.length > 0 || bad.length === 0 ? 200 : 400, body);
};

describe("inventory.claim", () => {
  it("claims in batches of 50 and merges the answers", async () => {
    const { server, mist } = await setup(claimHandler);
    const result = await mist.inventory.claim("org-1", [...codes(120), "CODE-000"]);
    expect(server.requests.map((r) => (r.json as string[]).length)).toEqual([50, 50, 20]);
    expect(
      server.requests.every((r) => r.method === "POST" && r.path === "/api/v1/orgs/org-1/inventory"),
    ).toBe(true);
    expect(result.added).toHaveLength(120);
    expect(result.inventory_added).toHaveLength(120);
    expect(result.error).toEqual([]);
  });

  it("merges a batch Mist rejected with 400 when other batches succeeded", async () => {
    const { server, mist } = await setup(claimHandler);
    const input = [...codes(50), "BAD-1", "BAD-2", "OWN-1"].concat(
      Array.from({ length: 47 }, (_, i) => `BAD-x${i}`),
    );
    const result = await mist.inventory.claim("org-1", input);
    expect(server.requests).toHaveLength(2);
    expect(result.added).toHaveLength(50);
    expect(result.duplicated).toEqual(["OWN-1"]);
    expect(result.error).toHaveLength(49);
    expect(result.reason[0]).toBe("invalid claim code");
  });

  it("throws MistBadRequestError with the parsed body when no code is valid", async () => {
    const { mist } = await setup(claimHandler);
    const e = await mist.inventory.claim("org-1", ["BAD-1", "BAD-2"]).catch((err: unknown) => err);
    expect(isMistBadRequestError(e)).toBe(true);
    if (!isMistBadRequestError(e)) return;
    expect(e.status).toBe(400);
    expect(e.body).toMatchObject({ added: [], duplicated: [], error: ["BAD-1", "BAD-2"] });
    expect(e.reason).toBe("invalid claim code");
  });

  it("rethrows a plain 400 (no inventory body) as it is", async () => {
    const { mist } = await setup((_req, res) => sendJson(res, 400, { detail: "JSON parse error" }));
    const plain = await mist.inventory.claim("o", ["A"]).catch((err: unknown) => err);
    expect(isMistBadRequestError(plain)).toBe(true);
    expect(isMistBadRequestError(plain) && plain.body).toBeUndefined();
    expect(isMistBadRequestError(plain) && plain.detail).toBe("JSON parse error");
  });

  it("makes no call for an empty list", async () => {
    const { server, mist } = await setup(claimHandler);
    await expect(mist.inventory.claim("o", [" ", ""])).resolves.toMatchObject({ added: [], error: [] });
    expect(server.requests).toHaveLength(0);
  });
});

describe("inventory.assign and list", () => {
  it("sends op=assign with normalised MACs and returns Mist's change result", async () => {
    const { server, mist } = await setup((_req, res) =>
      sendJson(res, 200, {
        op: "assign",
        success: ["5c5b350e0001"],
        error: ["aabbccddeeff"],
        reason: ["VC member"],
      }),
    );
    const out = await mist.inventory.assign("org-1", "site-1", ["5C:5B:35:0E:00:01", "aabb.ccdd.eeff"], {
      noReassign: true,
    });
    expect(server.requests[0]).toMatchObject({ method: "PUT", path: "/api/v1/orgs/org-1/inventory" });
    expect(server.requests[0]?.json).toEqual({
      op: "assign",
      site_id: "site-1",
      macs: ["5c5b350e0001", "aabbccddeeff"],
      no_reassign: true,
    });
    expect(out).toEqual({
      op: "assign",
      success: ["5c5b350e0001"],
      error: ["aabbccddeeff"],
      reason: ["VC member"],
    });
  });

  it("retries the idempotent assign PUT on 5xx", async () => {
    let n = 0;
    const { mist } = await setup((_req, res) =>
      n++ === 0
        ? sendJson(res, 503)
        : sendJson(res, 200, { op: "assign", success: [], error: [], reason: [] }),
    );
    await expect(mist.inventory.assign("o", "s", ["aabbccddeeff"])).resolves.toMatchObject({ op: "assign" });
  });

  it("lists with filters across pages", async () => {
    const { server, mist } = await setup((req, res) => {
      const page = Number(req.query.get("page"));
      const items =
        page === 1 ? Array.from({ length: 100 }, (_, i) => ({ mac: `m${i}` })) : [{ mac: "last" }];
      sendJson(res, 200, items, { "X-Page-Total": "101", "X-Page-Limit": "100" });
    });
    const items = await mist.inventory.list("org-1", {
      type: "gateway",
      unassigned: true,
      site_id: undefined,
    });
    expect(items).toHaveLength(101);
    expect(server.requests[1]?.query.toString()).toBe("type=gateway&unassigned=true&limit=100&page=2");
  });

  it("surfaces a server error on list", async () => {
    const { mist } = await setup((_req, res) => sendJson(res, 500));
    expect(isMistServerError(await mist.inventory.list("o").catch((e: unknown) => e))).toBe(true);
  });
});

describe("inventory.siteDevices, unassign and release", () => {
  it("lists the site's devices one type at a time, whatever the API version takes", async () => {
    const { server, mist } = await setup((req, res) => {
      const type = req.query.get("type");
      sendJson(res, 200, [
        { mac: `${type}-1`, type, site_id: req.query.get("site_id") },
        { mac: `${type}-elsewhere`, type, site_id: "other-site" },
      ]);
    });
    const devices = await mist.inventory.siteDevices("org-1", "site-1");
    expect(devices.map((d) => d.mac).sort()).toEqual(["ap-1", "gateway-1", "switch-1"]);
    expect(server.requests.map((r) => r.query.get("type")).sort()).toEqual(["ap", "gateway", "switch"]);
    expect(server.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("unassigns and releases by normalised MAC with Mist's ops", async () => {
    const { server, mist } = await setup((req, res) =>
      sendJson(res, 200, {
        op: (req.json as { op: string }).op,
        success: ["5c5b350e0001"],
        error: [],
        reason: [],
      }),
    );
    await mist.inventory.unassign("org-1", ["5C:5B:35:0E:00:01"]);
    await mist.inventory.release("org-1", ["5c5b.350e.0001"]);
    expect(server.requests.map((r) => r.json)).toEqual([
      { op: "unassign", macs: ["5c5b350e0001"] },
      { op: "delete", macs: ["5c5b350e0001"] },
    ]);
  });
});
