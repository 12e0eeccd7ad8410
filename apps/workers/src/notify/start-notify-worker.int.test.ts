import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnv, producerConnection, whenReady } from "@mistflow/config";
import type { DeploymentRequest } from "@mistflow/contracts";
import { DeploymentStore } from "@mistflow/deployments";
import { createLogger } from "@mistflow/logger";
import { NOTIFY_JOB_NAME, NOTIFY_QUEUE, notifyJobId, notifyJobOptions } from "@mistflow/queues";
import { startRecorder, uniquePrefix } from "@mistflow/testing";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testView } from "../test-support/deployment-view";
import { NotifyEnv } from "./notify-env";
import { type RunningNotifyWorker, startNotifyWorker } from "./start-notify-worker";

const ids = {
  ok: "dep-00000000000000000000000a",
  gone: "dep-00000000000000000000000b",
  plain: "dep-00000000000000000000000c",
};

describe("notify worker", () => {
  const prefix = uniquePrefix("notify");
  let redis: ReturnType<typeof producerConnection>;
  let queue: Queue;
  let jira: Awaited<ReturnType<typeof startRecorder>>;
  let worker: RunningNotifyWorker;
  let dir: string;

  const record = async (id: string, ticket: DeploymentRequest["ticket"]) => {
    const { request } = testView();
    const req = { ...request, site: { ...request.site, name: id } };
    if (ticket) req.ticket = ticket;
    else delete req.ticket;
    await new DeploymentStore(redis, prefix).create({
      id,
      idempotencyKey: id,
      requestDigest: id,
      request: req,
      blueprint: { name: "retail-branch", version: 1, digest: "abc" },
    });
  };
  const settle = async (jobId: string) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      // State first: a job object fetched before it finished would carry no return value.
      const state = await queue.getJobState(jobId);
      const job = state === "completed" || state === "failed" ? await queue.getJob(jobId) : undefined;
      if (job) return { job, state };
      if (Date.now() > deadline) throw new Error(`${jobId} still ${state}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const add = (id: string) =>
    queue.add(
      NOTIFY_JOB_NAME,
      { deployment_id: id, event: "succeeded" },
      { ...notifyJobOptions(notifyJobId(id, "succeeded")), backoff: { type: "fixed", delay: 100 } },
    );

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    queue = new Queue(NOTIFY_QUEUE, { connection: redis, prefix });
    let transitions = 0;
    jira = await startRecorder((req) => {
      if (req.path.includes("NET-404"))
        return { status: 404, body: '{"errorMessages":["Issue does not exist"]}' };
      if (req.path.endsWith("/transitions")) return { status: ++transitions === 1 ? 503 : 204 };
      return { status: 201 };
    });
    dir = await mkdtemp(join(tmpdir(), "mistflow-notify-"));
    const file = join(dir, "webhooks.json");
    await writeFile(
      file,
      JSON.stringify({
        sources: {
          jira: {
            auth: { shared_secret_env: "INBOUND" },
            trigger: { status: "Approved" },
            mapping: {
              org_id: "a",
              "site.name": "a",
              "site.address": "a",
              "site.region": "a",
              "site.timezone": "a",
              "site.country_code": "a",
              blueprint: "a",
            },
            write_back: {
              base_url: jira.url,
              email_env: "T_EMAIL",
              api_token_env: "T_TOKEN",
              transitions: { succeeded: "41" },
            },
          },
        },
      }),
    );
    const env = loadEnv(NotifyEnv, {
      REDIS_URL: inject("redisUrl"),
      MISTFLOW_PREFIX: prefix,
      WEBHOOKS_CONFIG_FILE: file,
      NOTIFY_TIMEOUT_MS: "2000",
      SHUTDOWN_GRACE_MS: "5000",
    });
    worker = await startNotifyWorker(
      env,
      { T_EMAIL: "bot@acme.example", T_TOKEN: "t0ken" },
      createLogger({ name: "test", level: "silent" }),
    );
  });

  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await jira.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("comments once and retries only the transition that failed with a 5xx", async () => {
    await record(ids.ok, { source: "jira", type: "jira", key: "NET-1" });
    await add(ids.ok);
    const { job, state } = await settle(notifyJobId(ids.ok, "succeeded"));
    expect(state).toBe("completed");
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toEqual({ delivered: ["comment", "transition"] });
    const calls = jira.requests.filter((r) => r.path.includes("NET-1/")).map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual([
      "POST /rest/api/3/issue/NET-1/comment",
      "POST /rest/api/3/issue/NET-1/transitions",
      "POST /rest/api/3/issue/NET-1/transitions",
    ]);
    expect(jira.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("bot@acme.example:t0ken").toString("base64")}`,
    );
  });

  it("gives up at once when Jira answers 404, and never stores the credentials", async () => {
    await record(ids.gone, { source: "jira", type: "jira", key: "NET-404" });
    await add(ids.gone);
    const { job, state } = await settle(notifyJobId(ids.gone, "succeeded"));
    expect(state).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('answered 404: {"errorMessages":["Issue does not exist"]}');
    const stored: string[] = [];
    for (const key of await redis.keys(`${prefix}*`)) {
      if ((await redis.type(key)) === "hash") stored.push(JSON.stringify(await redis.hgetall(key)));
    }
    expect(stored.join("\n")).toContain("NET-404");
    expect(stored.join("\n")).not.toContain("t0ken");
    expect(stored.join("\n")).not.toContain(Buffer.from("bot@acme.example:t0ken").toString("base64"));
  });

  it("skips deployments that did not come from a ticket", async () => {
    await record(ids.plain, undefined);
    await add(ids.plain);
    const { job, state } = await settle(notifyJobId(ids.plain, "succeeded"));
    expect(state).toBe("completed");
    expect(job.returnvalue).toEqual({ skipped: "the deployment has no ticket" });
  });
});
