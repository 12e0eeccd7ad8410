import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

const site = (name: string, vars?: Record<string, string>) => ({
  org_id: DEMO_ORG,
  site: { name, address: `${name} address`, timezone: "Europe/Berlin", country_code: "DE", region: "EMEA-N" },
  blueprint: "pos-branch",
  ...(vars ? { vars } : {}),
});

describe("late binding: the pre-bind variable gate", () => {
  let stack: StackUnderTest;

  beforeAll(async () => {
    stack = await startInProcessStack("binding", {
      intakeEnv: { BLUEPRINTS_DIR: fileURLToPath(new URL("./fixtures/blueprints", import.meta.url)) },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("refuses to bind a site lacking a variable the templates use, before any binding call", async () => {
    const { id } = await stack.api.submit(site("POS-0001 Missing"));
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status).toBe("failed");
    expect(view?.error?.step).toBe("final");
    expect(view?.steps.final.error?.message).toBe(
      "the blueprint uses site variables this site does not define: pos_vlan",
    );
    expect(view?.steps.final.attempts).toBe(1);
    for (const step of ["s01", "s04", "s07", "s09"] as const)
      expect(view?.steps[step].state).toBe("succeeded");

    const siteId = view?.steps.s01.mist_ids.site_id;
    const sitePuts = (await stack.sim.ledger()).filter(
      (e) => e.method === "PUT" && e.path === `/api/v1/sites/${siteId}`,
    );
    expect(sitePuts).toEqual([]);
    const [mistSite] = (
      await stack.sim.objects<{ id: string; networktemplate_id?: string | null }>(DEMO_ORG, "sites")
    ).filter((s) => s.id === siteId);
    expect(mistSite?.networktemplate_id ?? null).toBeNull();
    // Not bound in Mist, so not bound in the registry either.
    const detail = await stack.api.blueprint("pos-branch");
    expect(detail.versions.flatMap((v) => v.sites)).toEqual([]);
  });

  it("binds once the deployment supplies the variable", async () => {
    const { id } = await stack.api.submit(site("POS-0002 Supplied", { pos_vlan: "60" }));
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status).toBe("succeeded");
    const settings = (await stack.sim.objects(DEMO_ORG, "settings")) as unknown as Record<
      string,
      { vars: Record<string, string> }
    >;
    expect(settings[String(view?.steps.s01.mist_ids.site_id)]?.vars.pos_vlan).toBe("60");

    // Late binding recorded which blueprint version the site now runs.
    const detail = await stack.api.blueprint("pos-branch");
    expect(
      detail.versions.map((v) => [v.version, v.sites.map((s) => [s.site_name, s.site_id, s.bound_by])]),
    ).toEqual([[1, [["POS-0002 Supplied", view?.steps.s01.mist_ids.site_id, id]]]]);
    expect(await stack.api.blueprints()).toContainEqual(
      expect.objectContaining({ name: "pos-branch", latest_version: 1, sites_by_version: { 1: 1 } }),
    );
  });

  const siteCreates = async (since: number) =>
    (await stack.sim.ledger(since)).filter(
      (e) => e.method === "POST" && /\/orgs\/[^/]+\/sites$/.test(e.path),
    );
  const lastSeq = async () => (await stack.sim.ledger()).at(-1)?.seq ?? 0;

  it("creates a later site already bound, so late binding makes no call", async () => {
    const since = await lastSeq();
    const { id } = await stack.api.submit(site("POS-0003 Bound", { pos_vlan: "61" }));
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status).toBe("succeeded");
    const siteId = view?.steps.s01.mist_ids.site_id;
    expect((await siteCreates(since)).map((e) => [e.status, e.binds])).toEqual([
      [200, ["networktemplate_id", "rftemplate_id"]],
    ]);
    const sitePuts = (await stack.sim.ledger(since)).filter(
      (e) => e.method === "PUT" && e.path === `/api/v1/sites/${siteId}`,
    );
    expect(sitePuts).toEqual([]);
    expect(view?.steps.final.note).toBe("bound when step 1 created the site; no Mist call");
    const [mistSite] = (
      await stack.sim.objects<{ id: string; networktemplate_id?: string | null }>(DEMO_ORG, "sites")
    ).filter((s) => s.id === siteId);
    expect(mistSite?.networktemplate_id).toBe(view?.steps.s07.mist_ids.networktemplate_id);
  });

  it("refuses in step 1, before creating anything, a site it would create bound that lacks a variable", async () => {
    const since = await lastSeq();
    const { id } = await stack.api.submit(site("POS-0004 Missing"));
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status).toBe("failed");
    expect(view?.error?.step).toBe("s01");
    expect(view?.steps.s01.error?.message).toBe(
      "the blueprint uses site variables this site does not define: pos_vlan",
    );
    expect(await siteCreates(since)).toEqual([]);
    expect(view?.steps.s02.state).not.toBe("succeeded");
  });

  it("binds the first site of a batch late and creates the ones submitted with it bound", async () => {
    // As if the org were new to this blueprint: nothing verified, so the first site claims.
    await stack.forgetCatalog();
    const since = await lastSeq();
    const ids = [];
    for (const n of [11, 12, 13, 14])
      ids.push((await stack.api.submit(site(`POS-00${n} Batch`, { pos_vlan: "62" }))).id);
    const views = await stack.waitForEnd(ids);
    expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    const creates = await siteCreates(since);
    expect(creates.map((e) => e.status)).toEqual([200, 200, 200, 200]);
    // Exactly one went ahead unbound (the exact DAG); the others waited for its templates.
    expect(creates.filter((e) => !e.binds)).toHaveLength(1);
    const boundLate = views.filter(
      (v) => v.steps.final.note !== "bound when step 1 created the site; no Mist call",
    );
    expect(boundLate).toHaveLength(1);
    const puts = (await stack.sim.ledger(since)).filter(
      (e) => e.method === "PUT" && /^\/api\/v1\/sites\/[^/]+$/.test(e.path),
    );
    expect(puts.map((e) => e.path)).toEqual([`/api/v1/sites/${boundLate[0]?.steps.s01.mist_ids.site_id}`]);
    for (const v of views) expect(v.steps.s01.attempts).toBe(1);
  });
});
