import { afterEach, describe, expect, it } from "vitest";
import { type Handler, sendJson, startTestServer, type TestServer } from "../test-support/http-test-server";
import { MistClient } from "./mist-client";

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

describe("MistClient", () => {
  it("reads self and usage", async () => {
    const { mist } = await setup((req, res) =>
      req.path.endsWith("/usage")
        ? sendJson(res, 200, { requests: 5, request_limit: 5000, seconds: 1234 })
        : sendJson(res, 200, { privileges: [{ scope: "org", role: "admin", org_id: "o" }], email: null }),
    );
    expect((await mist.self.getSelf()).privileges[0]?.role).toBe("admin");
    expect(await mist.self.getUsage()).toEqual({ requests: 5, request_limit: 5000, seconds: 1234 });
  });

  it("creates PSKs with upsert and ends a rotation", async () => {
    const { server, mist } = await setup((_req, res) =>
      sendJson(res, 200, { id: "p1", name: "staff", ssid: "Corp" }),
    );
    await mist.psks.create(
      "o",
      { name: "staff", ssid: "Corp", passphrase: "correct-horse" },
      { upsert: true },
    );
    await mist.psks.deleteOldPassphrase("o", "p1");
    expect(server.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      "POST /api/v1/orgs/o/psks?upsert=true",
      "POST /api/v1/orgs/o/psks/p1/delete_old_passphrase?",
    ]);
  });

  it("assigns a device profile by MAC", async () => {
    const { server, mist } = await setup((_req, res) => sendJson(res, 200, { success: ["aabbccddeeff"] }));
    const out = await mist.deviceprofiles.assign("o", "hub-1", ["AA:BB:CC:DD:EE:FF"]);
    expect(out.success).toEqual(["aabbccddeeff"]);
    expect(server.requests[0]).toMatchObject({
      method: "POST",
      path: "/api/v1/orgs/o/deviceprofiles/hub-1/assign",
    });
    expect(server.requests[0]?.json).toEqual({ macs: ["aabbccddeeff"] });
  });
});
