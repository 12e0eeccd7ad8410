import { afterEach, describe, expect, it } from "vitest";
import { MistClient } from "../client/mist-client";
import { isMistServerError } from "../errors";
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

describe("FirmwareApi", () => {
  it("lists a site's versions for a type and model", async () => {
    const { server, mist } = await setup((_req, res) =>
      sendJson(res, 200, [{ model: "AP45", version: "0.14.29633", tag: "stable" }]),
    );
    const versions = await mist.firmware.siteVersions("s1", { type: "ap", model: "AP45" });
    expect(versions[0]?.version).toBe("0.14.29633");
    expect(server.requests[0]?.path).toBe("/api/v1/sites/s1/devices/versions");
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({ type: "ap", model: "AP45" });
  });

  it("never retries the upgrade POST: a lost answer may have started it", async () => {
    const { server, mist } = await setup((_req, res) => sendJson(res, 503, { detail: "busy" }));
    const err = await mist.firmware
      .upgradeSiteDevices("s1", { version: "1", device_ids: ["d1"] })
      .catch((e: unknown) => e);
    expect(isMistServerError(err)).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.json).toEqual({ version: "1", device_ids: ["d1"] });
  });

  it("reads an upgrade's MAC lists and returns the started upgrade's id", async () => {
    const { mist } = await setup((req, res) =>
      req.method === "POST"
        ? sendJson(res, 200, { upgrade_id: "u1" })
        : sendJson(res, 200, {
            id: "u1",
            status: "upgrading",
            targets: { total: 2, upgraded: ["aa"], downloading: ["bb"] },
            upgrade_plan: { "1": ["aa", "bb"] },
          }),
    );
    expect(await mist.firmware.upgradeSiteDevices("s1", { version: "1" })).toBe("u1");
    const u = await mist.firmware.getSiteUpgrade("s1", "u1");
    expect(u.targets?.upgraded).toEqual(["aa"]);
    expect(u.upgrade_plan).toEqual({ "1": ["aa", "bb"] });
  });
});

describe("InsightsApi", () => {
  it("pages the org SLE roll-up until every site is read", async () => {
    const { server, mist } = await setup((req, res) => {
      const page = Number(req.query.get("page"));
      const results =
        page === 1
          ? Array.from({ length: 1000 }, (_, i) => ({ site_id: `s${i}`, coverage: 0.9 }))
          : [{ site_id: "last", coverage: 0.8 }];
      sendJson(res, 200, { total: 1001, results });
    });
    const rows = await mist.insights.orgSitesSle("o", { sle: "wifi", start: 1, end: 2 });
    expect(rows).toHaveLength(1001);
    expect(rows[1000]).toMatchObject({ site_id: "last", coverage: 0.8 });
    expect(server.requests.map((r) => r.query.get("page"))).toEqual(["1", "2"]);
    expect(server.requests[0]?.query.get("sle")).toBe("wifi");
  });
});
