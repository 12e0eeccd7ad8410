import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  isMistAuthError,
  isMistBadRequestError,
  isMistForbiddenError,
  isMistNetworkError,
  isMistNotFoundError,
  isMistRateLimitError,
  isMistSchemaError,
  isMistServerError,
  isMistTimeoutError,
  isPermanentMistError,
  isTransientMistError,
  RateLimitWaitError,
} from "../errors";
import { fakeLimiter } from "../test-support/fake-limiter";
import {
  type Handler,
  type SeenRequest,
  sendJson,
  startTestServer,
  type TestServer,
} from "../test-support/http-test-server";
import { MistHttp } from "./mist-http";
import type { CallInfo, MistHttpOptions } from "./types";

const TOKEN = "s3cr3t-token-value-0123456789";
const Thing = z.looseObject({ id: z.string() });

let server: TestServer | undefined;
let http: MistHttp | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  http = undefined;
  server = undefined;
});

async function setup(handler: Handler, options: Partial<MistHttpOptions> = {}) {
  server = await startTestServer(handler);
  http = new MistHttp({
    baseUrl: server.url,
    token: TOKEN,
    tokenAlias: "demo",
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 2_000,
    ...options,
  });
  return { server, http };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

/** Fails the first `n` requests with `status`, then answers 200 `{id: "ok"}`. */
function failFirst(n: number, status: number, body: unknown = { detail: "boom" }): Handler {
  let seen = 0;
  return (_req: SeenRequest, res: ServerResponse) => {
    seen++;
    if (seen <= n) sendJson(res, status, body);
    else sendJson(res, 200, { id: "ok" });
  };
}

describe("MistHttp request basics", () => {
  it("sends the token header, JSON body and query under /api/v1", async () => {
    const { server, http } = await setup((_req, res) => sendJson(res, 200, { id: "s1", extra: 1 }));
    const out = await http.request("PUT", "/sites/s1", {
      body: { name: "Paris" },
      query: { upsert: true, ids: ["a", "b"], skip: undefined },
      schema: Thing,
    });
    expect(out).toEqual({ id: "s1", extra: 1 });
    const [req] = server.requests;
    expect(req?.headers.authorization).toBe(`Token ${TOKEN}`);
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["user-agent"]).toMatch(/mistflow/);
    expect(req?.path).toBe("/api/v1/sites/s1");
    expect(req?.query.toString()).toBe("upsert=true&ids=a%2Cb");
    expect(req?.json).toEqual({ name: "Paris" });
    expect(`${inspect(http, { depth: 5 })} ${JSON.stringify(http)}`).not.toContain(TOKEN);
  });

  it("keeps a base URL path prefix and accepts an empty 200 for DELETE", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200));
    http = new MistHttp({ baseUrl: `${server.url}/proxy/`, token: TOKEN, tokenAlias: "demo" });
    await expect(http.request("DELETE", "/orgs/o/wlans/w", { schema: z.unknown() })).resolves.toBeUndefined();
    expect(server.requests[0]?.path).toBe("/proxy/api/v1/orgs/o/wlans/w");
  });

  it("exposes status and lower-cased headers through requestWithMeta", async () => {
    const { http } = await setup((_req, res) => sendJson(res, 200, [], { "X-Page-Total": "0" }));
    const res = await http.requestWithMeta("GET", "/orgs/o/sites", { schema: z.array(Thing) });
    expect(res.status).toBe(200);
    expect(res.headers["x-page-total"]).toBe("0");
  });

  it("reports every attempt to onCall without the token", async () => {
    const calls: CallInfo[] = [];
    const { http } = await setup(failFirst(1, 503), { onCall: (i) => calls.push(i) });
    await http.request("GET", "/self", { schema: Thing });
    expect(calls.map((c) => [c.status, c.attempt, c.error])).toEqual([
      [503, 1, "MistServerError"],
      [200, 2, undefined],
    ]);
    expect(calls[0]).toMatchObject({ method: "GET", path: "/self", tokenAlias: "demo" });
    expect(JSON.stringify(calls)).not.toContain(TOKEN);
  });
});

describe("MistHttp error mapping", () => {
  it.each([
    [400, isMistBadRequestError],
    [401, isMistAuthError],
    [403, isMistForbiddenError],
    [404, isMistNotFoundError],
  ])("maps %i to its class with Mist's detail, permanent and not retried", async (status, guard) => {
    const { server, http } = await setup((_req, res) =>
      sendJson(res, status, { detail: `detail ${status}` }),
    );
    const e = await failure(http.request("GET", "/orgs/o/sites", { schema: Thing }));
    expect(guard(e)).toBe(true);
    expect(e).toMatchObject({ status, detail: `detail ${status}`, method: "GET", path: "/orgs/o/sites" });
    expect(isPermanentMistError(e)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("names the token alias, never the token, on 401", async () => {
    const { http } = await setup((_req, res) => sendJson(res, 401, { detail: "Invalid token." }));
    const e = await failure(http.request("GET", "/self", { schema: Thing }));
    expect(e.message).toBe('Mist rejected token "demo" (401): Invalid token.');
    expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain(TOKEN);
  });

  it("keeps a 400 reason but never puts the request body in the message", async () => {
    const { http } = await setup((_req, res) =>
      sendJson(res, 400, { detail: "invalid field: passphrase", reason: "too short" }),
    );
    const e = await failure(
      http.request("POST", "/orgs/o/psks", { body: { passphrase: "hunter2-secret" }, schema: Thing }),
    );
    expect(e).toMatchObject({ reason: "too short", body: undefined });
    expect(e.message).toContain("invalid field: passphrase (too short)");
    expect(`${e.message} ${JSON.stringify(e)}`).not.toContain("hunter2-secret");
  });

  it("keeps a documented error body on 400 when the endpoint declares one", async () => {
    const ErrorBody = z.looseObject({ error: z.array(z.string()) });
    const { http } = await setup((_req, res) => sendJson(res, 400, { error: ["X"], reason: ["bad"] }));
    const e = await failure(http.request("POST", "/x", { schema: Thing, errorBodySchema: ErrorBody }));
    expect(isMistBadRequestError(e) && e.body).toEqual({ error: ["X"], reason: ["bad"] });
  });

  it("throws MistSchemaError naming the failing field", async () => {
    const { http } = await setup((_req, res) => sendJson(res, 200, [{ id: "a" }, { name: "no id" }]));
    const e = await failure(http.request("GET", "/orgs/x/sites", { schema: z.array(Thing) }));
    expect(isMistSchemaError(e)).toBe(true);
    expect(e.message).toBe("GET /orgs/x/sites: response field [1].id: expected string");
    expect(isPermanentMistError(e)).toBe(true);
  });

  it("maps a refused connection to MistNetworkError after retries", async () => {
    const { server, http: _unused } = await setup((_req, res) => sendJson(res, 200, {}));
    const url = server.url;
    await server.close();
    http = new MistHttp({
      baseUrl: url,
      token: TOKEN,
      tokenAlias: "demo",
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const e = await failure(http.request("GET", "/self", { schema: Thing }));
    expect(isMistNetworkError(e)).toBe(true);
    expect(isTransientMistError(e)).toBe(true);
    expect(e).toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("MistHttp retries", () => {
  it("retries GET on 5xx and then succeeds", async () => {
    const { server, http } = await setup(failFirst(2, 502));
    await expect(http.request("GET", "/self", { schema: Thing })).resolves.toEqual({ id: "ok" });
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after retry.attempts and throws MistServerError", async () => {
    const { server, http } = await setup(failFirst(10, 500));
    const e = await failure(http.request("DELETE", "/x", { schema: z.unknown() }));
    expect(isMistServerError(e)).toBe(true);
    expect(e).toMatchObject({ status: 500, detail: "boom", permanent: false });
    expect(server.requests).toHaveLength(3);
  });

  it("retries PUT on 408", async () => {
    const { server, http } = await setup(failFirst(1, 408));
    await expect(http.request("PUT", "/x", { body: {}, schema: Thing })).resolves.toEqual({ id: "ok" });
    expect(server.requests).toHaveLength(2);
  });

  it("never retries POST, even on 5xx", async () => {
    const { server, http } = await setup(failFirst(1, 503));
    const e = await failure(http.request("POST", "/orgs/o/sites", { body: { name: "a" }, schema: Thing }));
    expect(isMistServerError(e)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("times out a slow GET, retries it, and succeeds", async () => {
    let seen = 0;
    const { server, http } = await setup(
      (_req, res) => {
        seen++;
        if (seen === 1) setTimeout(() => sendJson(res, 200, { id: "late" }), 400);
        else sendJson(res, 200, { id: "ok" });
      },
      { timeoutMs: 100 },
    );
    await expect(http.request("GET", "/self", { schema: Thing })).resolves.toEqual({ id: "ok" });
    expect(server.requests).toHaveLength(2);
  });

  it("throws MistTimeoutError once GET attempts are spent, and POST times out once", async () => {
    const { server, http } = await setup((_req, res) => void setTimeout(() => sendJson(res, 200, {}), 400), {
      timeoutMs: 80,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const e = await failure(http.request("GET", "/self", { schema: Thing }));
    expect(isMistTimeoutError(e)).toBe(true);
    expect(e).toMatchObject({ timeoutMs: 80, permanent: false, method: "GET", path: "/self" });
    expect(server.requests).toHaveLength(2);

    const p = await failure(http.request("POST", "/orgs/o/sites", { body: {}, schema: Thing }));
    expect(isMistTimeoutError(p)).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it("propagates the caller's abort reason without retrying", async () => {
    const { server, http } = await setup((_req, res) => void setTimeout(() => sendJson(res, 200, {}), 300));
    const controller = new AbortController();
    const reason = new Error("job cancelled");
    setTimeout(() => controller.abort(reason), 30);
    const e = await failure(http.request("GET", "/self", { schema: Thing, signal: controller.signal }));
    expect(e).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});

describe("MistHttp and the rate limiter", () => {
  it("on 429 cools the limiter down for Retry-After seconds and throws without retrying", async () => {
    const limiter = fakeLimiter();
    const { server, http } = await setup(
      (_req, res) => sendJson(res, 429, { detail: "Too Many Request." }, { "Retry-After": "73" }),
      { limiter },
    );
    const e = await failure(http.request("GET", "/self", { schema: Thing }));
    expect(isMistRateLimitError(e)).toBe(true);
    expect(e).toMatchObject({
      status: 429,
      retryAfterMs: 73_000,
      detail: "Too Many Request.",
      permanent: false,
    });
    expect(limiter.cooldowns).toEqual([73_000]);
    expect(server.requests).toHaveLength(1);
  });

  it("reads an HTTP-date Retry-After, and waits for the next hour when it is absent", async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    let n = 0;
    const limiter = fakeLimiter();
    const { http } = await setup(
      (_req, res) => sendJson(res, 429, { detail: "x" }, n++ === 0 ? { "Retry-After": at } : {}),
      { limiter },
    );
    const dated = await failure(http.request("GET", "/self", { schema: Thing }));
    expect(isMistRateLimitError(dated) && dated.retryAfterMs).toBeGreaterThan(28_000);
    expect(isMistRateLimitError(dated) && dated.retryAfterMs).toBeLessThanOrEqual(30_000);

    const absent = await failure(http.request("GET", "/self", { schema: Thing }));
    const expected = 3_600_000 - (Date.now() % 3_600_000) + 5_000;
    expect(isMistRateLimitError(absent) && Math.abs(absent.retryAfterMs - expected)).toBeLessThan(1_000);
    expect(limiter.cooldowns).toHaveLength(2);
  });

  it("acquires from the limiter before every attempt, retries included", async () => {
    const limiter = fakeLimiter();
    const { http } = await setup(failFirst(2, 500), { limiter });
    await http.request("GET", "/self", { schema: Thing });
    expect(limiter.acquired).toBe(3);
  });

  it("tells the limiter each answered attempt reached Mist, whatever its status", async () => {
    const limiter = fakeLimiter();
    limiter.permits = true;
    const { http } = await setup(failFirst(2, 500), { limiter });
    await http.request("GET", "/self", { schema: Thing });
    expect(limiter.answered).toBe(3);
  });

  it("leaves the count alone for an attempt that got no answer", async () => {
    const { server } = await setup((_req, res) => sendJson(res, 200, {}));
    const url = server.url;
    await server.close();
    const limiter = fakeLimiter();
    limiter.permits = true;
    http = new MistHttp({
      baseUrl: url,
      token: TOKEN,
      tokenAlias: "demo",
      limiter,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    expect(isMistNetworkError(await failure(http.request("GET", "/self", { schema: Thing })))).toBe(true);
    expect(limiter.acquired).toBeGreaterThan(1);
    expect(limiter.answered).toBe(0);
  });

  it("lets RateLimitWaitError from the limiter through unchanged, before any HTTP call", async () => {
    const limiter = fakeLimiter();
    const wait = new RateLimitWaitError(42_000, "budget");
    limiter.failWith = wait;
    const { server, http } = await setup((_req, res) => sendJson(res, 200, { id: "x" }), { limiter });
    const e = await failure(http.request("GET", "/self", { schema: Thing }));
    expect(e).toBe(wait);
    expect(isTransientMistError(e)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});
