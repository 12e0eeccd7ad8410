import { afterEach, describe, expect, it } from "vitest";
import { MistClient } from "../client/mist-client";
import { isMistSchemaError } from "../errors";
import { type Handler, sendJson, startTestServer, type TestServer } from "../test-support/http-test-server";

let server: TestServer | undefined;
let mist: MistClient | undefined;

afterEach(async () => {
  await mist?.close();
  await server?.close();
});

async function setup(handler: Handler) {
  server = await startTestServer(handler);
  mist = new MistClient({ baseUrl: server.url, token: "t", tokenAlias: "test" });
  return { server, mist };
}

describe("sites", () => {
  it("searchByName keeps only an exact (case-sensitive) match", async () => {
    const { server, mist } = await setup((req, res) =>
      sendJson(res, 200, {
        results: [
          { id: "s1", site_id: "s1", name: "PARIS", org_id: "o" },
          { id: "s2", site_id: "s2", name: "Paris", org_id: "o" },
        ],
        total: 2,
        limit: 100,
        start: 0,
        end: 0,
        query: req.query.get("name"),
      }),
    );
    expect((await mist.sites.searchByName("o", "Paris"))?.id).toBe("s2");
    await expect(mist.sites.searchByName("o", "Lyon")).resolves.toBeUndefined();
    expect(server.requests[0]?.path).toBe("/api/v1/orgs/o/sites/search");
    expect(server.requests[0]?.query.get("name")).toBe("Paris");
  });

  it("creates, updates and reads settings with site variables", async () => {
    const { server, mist } = await setup((req, res) => {
      if (req.path.endsWith("/setting"))
        return sendJson(res, 200, { id: "st", vars: { HUB_IP: "10.0.0.1" } });
      sendJson(res, 200, { id: "s1", name: "Paris", address: "x" });
    });
    expect(await mist.sites.create("o", { name: "Paris", address: "x" })).toMatchObject({
      id: "s1",
      address: "x",
    });
    await mist.sites.update("s1", { name: "Paris", gatewaytemplate_id: null });
    const setting = await mist.sites.updateSetting("s1", { vars: { HUB_IP: "10.0.0.1" } });
    expect(setting.vars).toEqual({ HUB_IP: "10.0.0.1" });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/orgs/o/sites",
      "PUT /api/v1/sites/s1",
      "PUT /api/v1/sites/s1/setting",
    ]);
    expect(server.requests[1]?.json).toEqual({ name: "Paris", gatewaytemplate_id: null });
  });

  it("rejects a site without an id", async () => {
    const { mist } = await setup((_req, res) => sendJson(res, 200, { name: "Paris" }));
    const e = await mist.sites.get("s1").catch((err: unknown) => err);
    expect(isMistSchemaError(e) && e.message).toBe("GET /sites/s1: response field id: expected string");
  });
});
