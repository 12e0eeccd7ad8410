import { IntakeClient } from "@mistflow/cli";
import { type RedisClient, redisClient, scanKeys } from "@mistflow/config";
import { type DeploymentView, DOMAINS } from "@mistflow/contracts";
import { type LocalStack, startLocalStack } from "@mistflow/process-stack";
import { OwnCluster } from "@mistflow/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleDeployments } from "./support/examples";
import { SimAdmin } from "./support/sim-admin";
import { DEMO_ORG } from "./support/test-stack";

describe("scale-out: a 3-master Redis Cluster, workers spread over several processes", () => {
  let cluster: OwnCluster;
  let stack: LocalStack;
  let redis: RedisClient;
  const prefix = "{mf-cluster}";

  beforeAll(async () => {
    cluster = await OwnCluster.start(3);
    stack = await startLocalStack({
      redisUrl: cluster.url,
      prefix,
      board: { username: "admin", password: "cluster-password-1" },
      workerEnv: { MIST_RATE_BUDGET: "1000000", MIST_RATE_BURST: "100000" },
    });
    // A second process for every domain: replicas share queues, budget and locks through the cluster.
    for (const domain of DOMAINS) {
      await stack.startWorker(domain, `worker-${domain}-2`);
    }
    redis = redisClient(cluster.url);
  });
  afterAll(async () => {
    await stack?.close();
    redis?.disconnect();
    await cluster?.stop();
  });

  it("deploys the example sites, each org object once, and keeps every key in the prefix's slot", async () => {
    const api = new IntakeClient(stack.apiUrl);
    const ids = (await Promise.all(exampleDeployments().map((d) => api.submit(d)))).map((s) => s.id);
    const deadline = Date.now() + 90_000;
    let views: DeploymentView[] = [];
    for (;;) {
      views = await Promise.all(ids.map((id) => api.get(id)));
      if (views.every((v) => v.status === "succeeded" || v.status === "failed")) break;
      if (Date.now() > deadline) throw new Error("not finished");
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const counts = await new SimAdmin(stack.simUrl).counts(DEMO_ORG);
    expect(counts).toMatchObject({ sites: 3, services: 2, networks: 4, templates: 1, wlans: 3, psks: 1 });

    const again = await Promise.all(exampleDeployments().map((d) => api.submit(d)));
    expect(again.map((s) => s.status)).toEqual([200, 200, 200]);

    const keys = await scanKeys(redis, "*");
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !k.startsWith(prefix))).toEqual([]);
    const slots = new Set(
      await Promise.all(keys.slice(0, 50).map((k) => redis.call("CLUSTER", "KEYSLOT", k))),
    );
    expect(slots.size).toBe(1);
  });
});
