import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { MistHttp } from "../core/mist-http";
import { isMistSchemaError } from "../errors";
import { type Handler, sendJson, startTestServer, type TestServer } from "../test-support/http-test-server";
import { listAll, paginate } from "./paginate";

const Item = z.looseObject({ id: z.string() });
const ITEMS = Array.from({ length: 25 }, (_, i) => ({ id: `i${i}` }));

let server: TestServer | undefined;
let http: MistHttp | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
});

/** Pages ITEMS like Mist: limit/page query in, X-Page-* headers out (optionally capping limit). */
function pagedList(opts: { totalHeader?: boolean; maxLimit?: number } = {}): Handler {
  return (req, res) => {
    const limit = Math.min(Number(req.query.get("limit") ?? 100), opts.maxLimit ?? 1000);
    const page = Number(req.query.get("page") ?? 1);
    const slice = ITEMS.slice((page - 1) * limit, page * limit);
    const headers: Record<string, string> = { "X-Page-Limit": String(limit), "X-Page-Page": String(page) };
    if (opts.totalHeader !== false) headers["X-Page-Total"] = String(ITEMS.length);
    sendJson(res, 200, slice, headers);
  };
}

async function setup(handler: Handler) {
  server = await startTestServer(handler);
  http = new MistHttp({ baseUrl: server.url, token: "t", tokenAlias: "test" });
  return { server, http };
}

describe("paginate", () => {
  it("walks 3 pages until limit × page ≥ X-Page-Total", async () => {
    const { server, http } = await setup(pagedList());
    const pages: string[][] = [];
    for await (const page of paginate(http, "/orgs/o/inventory", Item, { type: "ap" }, { limit: 10 })) {
      pages.push(page.map((i) => i.id));
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(server.requests.map((r) => r.query.toString())).toEqual([
      "type=ap&limit=10&page=1",
      "type=ap&limit=10&page=2",
      "type=ap&limit=10&page=3",
    ]);
  });

  it("does not ask for a page past the total when it divides evenly", async () => {
    const { server, http } = await setup(pagedList());
    const all = await listAll(http, "/x", Item, undefined, { limit: 5 });
    expect(all).toHaveLength(25);
    expect(server.requests).toHaveLength(5);
  });

  it("stops at the first short page when X-Page-Total is absent", async () => {
    const { server, http } = await setup(pagedList({ totalHeader: false }));
    const all = await listAll(http, "/x", Item, undefined, { limit: 10 });
    expect(all.map((i) => i.id)).toEqual(ITEMS.map((i) => i.id));
    expect(server.requests).toHaveLength(3);
  });

  it("follows the server's X-Page-Limit when it caps the page size", async () => {
    const { server, http } = await setup(pagedList({ maxLimit: 10 }));
    const all = await listAll(http, "/x", Item, undefined, { limit: 1000 });
    expect(all).toHaveLength(25);
    expect(server.requests).toHaveLength(3);
  });

  it("defaults to limit 100 and clamps to 1000", async () => {
    const { server, http } = await setup(pagedList());
    await listAll(http, "/x", Item);
    await listAll(http, "/x", Item, undefined, { limit: 5000 });
    expect(server.requests.map((r) => r.query.get("limit"))).toEqual(["100", "1000"]);
  });

  it("validates each item and names the index on mismatch", async () => {
    const { http } = await setup((_req, res) => sendJson(res, 200, [{ id: "a" }, { id: 7 }]));
    const e = await listAll(http, "/orgs/o/wlans", Item).catch((err: unknown) => err);
    expect(isMistSchemaError(e)).toBe(true);
    expect((e as Error).message).toBe("GET /orgs/o/wlans: response field [1].id: expected string");
  });
});
