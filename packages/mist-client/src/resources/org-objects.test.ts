import { afterEach, describe, expect, it } from "vitest";
import { MistClient } from "../client/mist-client";
import { type Handler, sendJson, startTestServer, type TestServer } from "../test-support/http-test-server";

let server: TestServer | undefined;
let mist: MistClient | undefined;

afterEach(async () => {
  await mist?.close();
  await server?.close();
});

async function setup(handler: Handler) {
  server = await startTestServer(handler);
  mist = new MistClient({ baseUrl: server.url, token: "t", tokenAlias: "test", pageLimit: 2 });
  return { server, mist };
}

/** A tiny collection endpoint paging `rows` with X-Page-Total. */
function collection(rows: Record<string, unknown>[]): Handler {
  return (req, res) => {
    const limit = Number(req.query.get("limit"));
    const page = Number(req.query.get("page"));
    sendJson(res, 200, rows.slice((page - 1) * limit, page * limit), { "X-Page-Total": String(rows.length) });
  };
}

describe("orgObjects.findByName", () => {
  it("matches exactly across pages, preferring the oldest duplicate", async () => {
    const { server, mist } = await setup(
      collection([
        { id: "n1", name: "corp-lan" },
        { id: "n2", name: "Corp" },
        { id: "n3", name: "corp", created_time: 200 },
        { id: "n4", name: "corp", created_time: 100 },
        { id: "n5", name: "guest" },
      ]),
    );
    const found = await mist.orgObjects.findByName("org-1", "networks", "corp");
    expect(found?.id).toBe("n4");
    expect(server.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      "/api/v1/orgs/org-1/networks?limit=2&page=1",
      "/api/v1/orgs/org-1/networks?limit=2&page=2",
      "/api/v1/orgs/org-1/networks?limit=2&page=3",
    ]);
    await expect(mist.orgObjects.findByName("org-1", "networks", "nope")).resolves.toBeUndefined();
  });

  it("matches wlans by ssid, optionally within one template", async () => {
    const { mist } = await setup(
      collection([
        { id: "w1", ssid: "Corp", template_id: "t1" },
        { id: "w2", ssid: "Corp", template_id: "t2" },
      ]),
    );
    expect((await mist.orgObjects.findByName("o", "wlans", "Corp"))?.id).toBe("w1");
    expect(
      (await mist.orgObjects.findByName("o", "wlans", "Corp", { where: { template_id: "t2" } }))?.id,
    ).toBe("w2");
  });

  it("passes list filters such as type=gateway for hub profiles, and a custom name field", async () => {
    const { server, mist } = await setup(collection([{ id: "d1", name: "hub", label: "HUB-1" }]));
    const hub = await mist.orgObjects.findByName("o", "deviceprofiles", "HUB-1", {
      nameField: "label",
      query: { type: "gateway" },
    });
    expect(hub?.id).toBe("d1");
    expect(server.requests[0]?.query.get("type")).toBe("gateway");
  });
});

describe("orgObjects CRUD", () => {
  it("uses the collection and item paths with the right verbs", async () => {
    const { server, mist } = await setup((req, res) =>
      req.method === "DELETE" ? sendJson(res, 200) : sendJson(res, 200, { id: "x1", name: "n" }),
    );
    await mist.orgObjects.create("o", "services", { name: "n" }, { dry: false });
    await mist.orgObjects.get("o", "services", "x1");
    await mist.orgObjects.update("o", "services", "x1", { description: "d" });
    await mist.orgObjects.remove("o", "services", "x 1/2");
    expect(server.requests.map((r) => `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ""}`)).toEqual([
      "POST /api/v1/orgs/o/services?dry=false",
      "GET /api/v1/orgs/o/services/x1",
      "PUT /api/v1/orgs/o/services/x1",
      "DELETE /api/v1/orgs/o/services/x%201%2F2",
    ]);
    expect(server.requests[2]?.json).toEqual({ description: "d" });
  });
});
