import type { DecommissionView, DeploymentRequest } from "@mistflow/contracts";
import { ORG_OBJECT_KINDS } from "@mistflow/mist-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { LedgerEntry } from "./support/sim-admin";
import type { StackUnderTest } from "./support/stack-under-test";

/**
 * Decommission of a deployed site (`POST /v1/sites/:id/decommission`, `mistflow decommission`)
 * on the in-process stack and the simulator: plan first with zero writes, 409 while a deployment
 * of the site runs, the IP block quarantined then released, devices unassigned but still claimed,
 * and org objects untouched. The teardown through a kill -9 of the day2 worker needs a process to
 * kill: `day2-kill.e2e.test.ts`.
 */

// biome-ignore lint/suspicious/noExplicitAny: API bodies are asserted field by field
type Json = any;

const REGION = "LATAM";

const siteRequest = (name: string, withDevice = true): DeploymentRequest =>
  ({
    org_id: DEMO_ORG,
    site: { name, address: "9 Closing St", timezone: "UTC", country_code: "US", region: REGION },
    blueprint: "retail-branch",
    ...(withDevice ? { devices: { claim_codes: ["06C9F-35WOA-XV9AD"] } } : {}),
  }) as DeploymentRequest;

describe("decommission a deployed site", () => {
  let stack: StackUnderTest;
  const adminAuth = () =>
    `Basic ${Buffer.from(`${stack.board.username}:${stack.board.password}`).toString("base64")}`;

  const api = async (method: string, path: string, body?: unknown, auth = true) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        ...(auth ? { authorization: adminAuth() } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  const waitForDecommission = async (
    id: string,
    done: (v: DecommissionView) => boolean,
    timeoutMs = 60_000,
  ) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await api("GET", `/v1/decommissions/${id}`);
      if (done(body)) return body as DecommissionView;
      if (Date.now() > deadline)
        throw new Error(`decommission ${id} did not get there: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** Counts of the org-level objects a decommission must never touch: every kind the client knows. */
  const orgObjectCounts = async () => {
    const counts = await stack.sim.counts(DEMO_ORG);
    return Object.fromEntries(ORG_OBJECT_KINDS.map((k) => [k, counts[k] ?? 0]));
  };
  const writesIn = (entries: LedgerEntry[]) => entries.filter((e) => e.method !== "GET");

  beforeAll(async () => {
    stack = await startInProcessStack("decommission");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  let siteId: string;
  let deploymentId: string;
  let block: string;

  it("deploys the site to tear down", async () => {
    const { id } = await stack.api.submit(siteRequest("Closing Store"));
    const [view] = await stack.waitForEnd([id], 90_000);
    expect(view?.status, JSON.stringify(view?.error)).toBe("succeeded");
    deploymentId = id;
    siteId = view?.steps.s01.mist_ids.site_id as string;
    const allocations = (await api("GET", `/v1/ipam/allocations?region=${REGION}`)).body as Json[];
    block = allocations.find((a) => a.siteName === "Closing Store")?.block;
    expect(block).toMatch(/\//);
  });

  it("refuses bad input with the field named, and without the admin login", async () => {
    const bad = await api("POST", `/v1/sites/${siteId}/decommission`, {
      delete_site: "yes",
      quarantine_seconds: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: Json) => i.field).sort()).toEqual(["delete_site", "quarantine_seconds"]);
    const unknown = await api("POST", `/v1/sites/${siteId}/decommission`, { delete_sites: true });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("delete_sites");
    expect((await api("POST", "/v1/sites/not-a-site/decommission", {})).status).toBe(400);
    expect((await api("POST", `/v1/sites/${siteId}/decommission`, {}, false)).status).toBe(401);
    const stranger = await api("POST", "/v1/sites/00000000-0000-4000-8000-00000000beef/decommission", {});
    expect(stranger.status).toBe(404);
    expect(stranger.body.message).toMatch(/no mistflow deployment/);
    expect((await api("GET", "/v1/decommissions")).body).toEqual([]);
  });

  it("plans with GETs only: every action listed, nothing recorded", async () => {
    const mark = (await stack.sim.ledger()).length;
    const { status, body } = await api("POST", `/v1/sites/${siteId}/decommission`, {
      delete_site: true,
      quarantine_seconds: 3,
      dry_run: true,
    });
    expect(status).toBe(200);
    const plan = body.plan;
    const kinds = plan.actions.map((a: Json) => `${a.step}:${a.action}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "unbind:update",
        "unassign_devices:unassign",
        "delete_site:delete",
        "release_ip_block:quarantine",
        "release_ip_block:release",
        "close_record:record",
        "close_record:keep",
      ]),
    );
    expect(kinds).not.toContain("unassign_devices:unclaim");
    expect(plan.actions.find((a: Json) => a.action === "quarantine").target).toBe(`ip block ${block}`);
    expect(plan.writes).toBe(3);
    const calls = (await stack.sim.ledger()).slice(mark);
    expect(calls.length).toBeGreaterThan(0);
    expect(writesIn(calls)).toEqual([]);
    expect((await api("GET", "/v1/decommissions")).body).toEqual([]);
  });

  it("the CLI prints the same plan and writes nothing", async () => {
    const mark = (await stack.sim.ledger()).length;
    const r = await runCli(
      stack.apiUrl,
      ["decommission", siteId, "--delete-site", "--quarantine", "3s", "--dry-run"],
      {
        MISTFLOW_ADMIN_USERNAME: stack.board.username,
        MISTFLOW_ADMIN_PASSWORD: stack.board.password,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`decommission of Closing Store (${siteId})`);
    expect(r.stdout).toMatch(/delete_site\s+delete/);
    expect(r.stdout).toContain(`ip block ${block}`);
    expect(writesIn((await stack.sim.ledger()).slice(mark))).toEqual([]);
    const wrong = await runCli(stack.apiUrl, ["decommission", siteId, "--quarantine", "a week"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("--quarantine");
  });

  it("is a 409 naming the deployment while one of the site runs", async () => {
    // A second deployment of the same site, slowed in Mist so it is still running when asked.
    await stack.sim.addFault({ method: "PUT", path: "^/sites/[^/]+/setting$", delay_ms: 2_500, times: 1 });
    const { id } = await stack.api.submit(siteRequest("Closing Store"), "closing-store-again");
    await stack.waitFor(id, (v) => v.status === "running", 20_000);
    const { status, body } = await api("POST", `/v1/sites/${siteId}/decommission`, { delete_site: true });
    expect(status).toBe(409);
    expect(body.message).toContain(id);
    const [again] = await stack.waitForEnd([id], 90_000);
    expect(again?.status).toBe("succeeded");
    await stack.sim.clearFaults();
  });

  it("tears the site down once, quarantines its block, and touches no org object", async () => {
    const before = await orgObjectCounts();
    const inventoryBefore = (await stack.sim.objects(DEMO_ORG, "inventory")).filter(
      (d) => d.site_id === siteId,
    );
    expect(inventoryBefore.length).toBeGreaterThan(0);
    const mark = (await stack.sim.ledger()).length;

    const started = await api("POST", `/v1/sites/${siteId}/decommission`, {
      delete_site: true,
      quarantine_seconds: 6,
      reason: "store closed",
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    expect(started.body.deployment_id).toBeDefined();
    // The same request again is the same decommission (a client retry), not a second one.
    const retry = await api("POST", `/v1/sites/${siteId}/decommission`, {
      delete_site: true,
      quarantine_seconds: 6,
      reason: "store closed",
    });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(id);
    const other = await api("POST", `/v1/sites/${siteId}/decommission`, { delete_site: false });
    expect(other.status).toBe(409);
    expect(other.body.message).toContain(id);
    // No new deployment binds the site under the teardown.
    const under = await stack.api
      .submit(siteRequest("Closing Store"), "closing-store-under-teardown")
      .catch((e: unknown) => e);
    expect((under as { status?: number }).status).toBe(409);
    expect((under as Error).message).toContain("being decommissioned");

    const quarantined = await waitForDecommission(
      id,
      (v) => v.status !== "queued" && v.status !== "running",
      60_000,
    );
    // Torn down; the block is held by the quarantine, not by the site's name, for 6 s.
    expect(quarantined.status, JSON.stringify(quarantined)).toBe("quarantined");
    expect(quarantined.ip_block).toBe(block);
    expect(quarantined.steps.release_ip_block.state).toBe("waiting");
    const held = (await api("GET", `/v1/ipam/allocations?region=${REGION}`)).body as Json[];
    expect(held.find((a) => a.block === block)?.siteName).toBe(`quarantine:${id}`);
    expect(held.find((a) => a.siteName === "Closing Store")).toBeUndefined();
    // The site is gone, so its name may be deployed again: a new site, with another block.
    const { id: rebuiltId } = await stack.api.submit(
      siteRequest("Closing Store", false),
      "closing-store-rebuilt",
    );
    const [rebuilt] = await stack.waitForEnd([rebuiltId], 90_000);
    expect(rebuilt?.status, JSON.stringify(rebuilt?.error)).toBe("succeeded");
    expect(rebuilt?.steps.s01.mist_ids.site_id).not.toBe(siteId);
    const afterRebuild = (await api("GET", `/v1/ipam/allocations?region=${REGION}`)).body as Json[];
    const rebuiltBlock = afterRebuild.find((a) => a.siteName === "Closing Store")?.block;
    expect(rebuiltBlock).toBeDefined();
    expect(rebuiltBlock).not.toBe(block);
    const done = await waitForDecommission(
      id,
      (v) => v.status === "succeeded" || v.status === "failed",
      60_000,
    );
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(Object.values(done.steps).every((s) => s.state === "succeeded")).toBe(true);
    // The torn-down site no longer counts as bound to its blueprint; the rebuilt one does.
    const bound = (await stack.api.blueprint("retail-branch")).versions.flatMap((v) =>
      v.sites.map((s) => s.site_id),
    );
    expect(bound).not.toContain(siteId);
    expect(bound).toContain(rebuilt?.steps.s01.mist_ids.site_id);
    expect(done.request.requested_by).toEqual({ kind: "admin", name: stack.board.username });

    // Mist: the site is gone, deleted once; its devices are unassigned and still claimed.
    const sites = await stack.sim.objects(DEMO_ORG, "sites");
    expect(sites.find((s) => s.id === siteId)).toBeUndefined();
    const calls = (await stack.sim.ledger()).slice(mark);
    const deletes = calls.filter((e) => e.method === "DELETE" && e.path.endsWith(`/sites/${siteId}`));
    expect(deletes.filter((e) => e.status === 200)).toHaveLength(1);
    const inventory = await stack.sim.objects(DEMO_ORG, "inventory");
    for (const d of inventoryBefore) {
      const now = inventory.find((i) => i.mac === d.mac);
      expect(now, `device ${d.mac} left the org inventory`).toBeDefined();
      expect(now?.site_id).toBeNull();
    }
    expect(calls.some((e) => e.method === "PUT" && e.path.endsWith("/inventory"))).toBe(true);
    // No org object was deleted or changed in number.
    expect(await orgObjectCounts()).toEqual(before);
    expect(calls.filter((e) => e.method === "DELETE" && !e.path.endsWith(`/sites/${siteId}`))).toEqual([]);

    // IPAM: released after the quarantine; the deployment records end decommissioned.
    const allocations = (await api("GET", `/v1/ipam/allocations?region=${REGION}`)).body as Json[];
    expect(allocations.find((a) => a.block === block)).toBeUndefined();
    expect((await stack.api.get(deploymentId)).status).toBe("decommissioned");
    expect((await stack.api.get(done.deployment_id)).status).toBe("decommissioned");
    expect(
      (await stack.api.get(deploymentId)).decommission_id ??
        (await stack.api.get(done.deployment_id)).decommission_id,
    ).toBe(id);
    expect((await stack.api.get(rebuiltId)).status).toBe("succeeded");
    const list = (await api("GET", "/v1/decommissions")).body as Json[];
    expect(list.map((d) => d.id)).toEqual([id]);
  });

  it("leaves the site empty without delete_site, and releases devices only when asked", async () => {
    const { id: depId } = await stack.api.submit(siteRequest("Emptied Store"));
    const [view] = await stack.waitForEnd([depId], 90_000);
    expect(view?.status).toBe("succeeded");
    const site = view?.steps.s01.mist_ids.site_id as string;
    const macs = (await stack.sim.objects(DEMO_ORG, "inventory"))
      .filter((d) => d.site_id === site)
      .map((d) => d.mac);
    expect(macs.length).toBeGreaterThan(0);

    // A firmware rollout covering the site is running: refused, naming it, until it is aborted.
    const upgrade = await api("POST", "/v1/upgrades", {
      org_id: DEMO_ORG,
      sites: [site],
      device_type: "ap",
      version: "0.14.29633",
      waves: [{ percent: 100 }],
      soak_seconds: 60,
      poll_seconds: 1,
    });
    expect(upgrade.status, JSON.stringify(upgrade.body)).toBe(202);
    const refused = await api("POST", `/v1/sites/${site}/decommission`, { dry_run: true });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(upgrade.body.id);
    expect((await api("POST", `/v1/upgrades/${upgrade.body.id}/abort`)).status).toBe(202);
    const stopped = ["aborted", "succeeded", "failed", "halted"];
    const deadline = Date.now() + 30_000;
    while (!stopped.includes((await api("GET", `/v1/upgrades/${upgrade.body.id}`)).body.status)) {
      if (Date.now() > deadline) throw new Error("the upgrade never stopped");
      await new Promise((r) => setTimeout(r, 200));
    }
    const r = await runCli(
      stack.apiUrl,
      ["decommission", site, "--release-devices", "--quarantine", "0", "--wait"],
      {
        MISTFLOW_ADMIN_USERNAME: stack.board.username,
        MISTFLOW_ADMIN_PASSWORD: stack.board.password,
      },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/unassign_devices\s+unclaim/);
    expect(r.stdout).toMatch(/: succeeded/);

    const kept = (await stack.sim.objects(DEMO_ORG, "sites")).find((s) => s.id === site);
    expect(kept, "the site stays without delete_site").toBeDefined();
    expect(kept?.gatewaytemplate_id ?? null).toBeNull();
    expect(kept?.networktemplate_id ?? null).toBeNull();
    expect(kept?.rftemplate_id ?? null).toBeNull();
    expect(kept?.sitegroup_ids ?? []).toEqual([]);
    const inventory = await stack.sim.objects(DEMO_ORG, "inventory");
    for (const mac of macs) expect(inventory.find((i) => i.mac === mac)).toBeUndefined();
    expect((await stack.api.get(depId)).status).toBe("decommissioned");
  });
});
