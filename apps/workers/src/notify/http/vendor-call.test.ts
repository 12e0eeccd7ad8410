import { freePort } from "@mistflow/local-redis";
import { type RecorderReply as Reply, startRecorder } from "@mistflow/testing";
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVendorCallError, performCall, type VendorCall } from "./vendor-call";

describe("performCall", () => {
  let vendor: Awaited<ReturnType<typeof startRecorder>>;
  const call = (path: string): VendorCall => ({
    name: "comment",
    label: `Jira POST ${path}`,
    method: "POST",
    url: `${vendor.url}${path}`,
    headers: { "content-type": "application/json", authorization: "Basic c2VjcmV0" },
    body: "{}",
  });
  const failure = (path: string) =>
    performCall(call(path), 2_000).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

  beforeAll(async () => {
    vendor = await startRecorder((req): Reply => {
      const status = Number(req.path.split("/")[1]);
      if (status === 429) return { status, headers: { "retry-after": "7" } };
      if (status === 302) return { status, headers: { location: "https://elsewhere.example/x" } };
      if (status === 999) return { status: 200, body: "late" };
      return { status, body: status === 404 ? '{"errorMessages":["Issue does not exist"]}' : "{}" };
    });
  });
  afterAll(() => vendor.close());

  it("resolves on 2xx", async () => {
    await expect(performCall(call("/201"), 2_000)).resolves.toBeUndefined();
    expect(vendor.requests.at(-1)?.headers.authorization).toBe("Basic c2VjcmV0");
  });

  it("gives up at once on a 4xx other than 408/429, quoting the vendor's reason but not the request", async () => {
    for (const status of [400, 401, 403, 404]) {
      const e = await failure(`/${status}`);
      expect(e).toBeInstanceOf(UnrecoverableError);
      expect(e?.message).toMatch(new RegExp(`^Jira POST /${status} answered ${status}`));
      expect(e?.message).not.toContain("c2VjcmV0");
    }
    expect((await failure("/404"))?.message).toContain("Issue does not exist");
  });

  it("retries 5xx, 408 and 429, keeping Retry-After", async () => {
    for (const status of [500, 502, 503, 408]) {
      const e = await failure(`/${status}`);
      expect(isVendorCallError(e) && e.status).toBe(status);
    }
    const limited = await failure("/429");
    expect(isVendorCallError(limited) && limited.retryAfterMs).toBe(7_000);
  });

  it("retries when nobody answers, and refuses to follow a redirect", async () => {
    const refused = await performCall(
      { ...call("/"), url: `http://127.0.0.1:${await freePort()}/x` },
      2_000,
    ).catch((e: Error) => e);
    expect(isVendorCallError(refused) && refused.message).toMatch(/no answer \(ECONNREFUSED\)/);
    const moved = await failure("/302");
    expect(moved).toBeInstanceOf(UnrecoverableError);
    expect(moved?.message).toContain("redirect to https://elsewhere.example");
    expect(vendor.requests.filter((r) => r.path === "/x")).toEqual([]);
  });
});
