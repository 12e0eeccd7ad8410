import { scanKeys } from "@mistflow/config";
import { Blueprint, type StepId } from "@mistflow/contracts";
import { createLogger } from "@mistflow/logger";
import { DEFAULT_ORG_ID } from "@mistflow/mist-sim";
import { SecretSource } from "@mistflow/secrets";
import { RedisLock, StepFailure } from "@mistflow/worker-runtime";
import { describe, expect, it } from "vitest";
import { OrgCatalog } from "../catalog";
import { useStepHarness } from "../test-support/step-harness";
import { ensurePsks } from "./ensure-psks";
import type { OrgStepContext } from "./step-context";

/**
 * Step 13 against the simulator over HTTP and a real Redis (lock and org catalogue): the
 * passphrase goes to Mist at creation and nowhere else, and bringing an existing PSK in line
 * repeats Mist's passphrase so that it is not a rotation.
 */
describe("ensurePsks (step 13)", () => {
  const STAFF_SECRET = "staff-passphrase-from-the-secret-store";
  const h = useStepHarness("ensure-psks");

  const blueprint = (psk: Record<string, unknown>) =>
    Blueprint.parse({
      name: "psk-branch",
      version: 1,
      wlan_template: { name: "psk-branch-wlans" },
      wlans: [{ ssid: "corp-psk", auth: { type: "psk" } }],
      psks: [{ name: "staff", ssid: "corp-psk", vlan_id: 10, ...psk }],
    });

  const context = (
    bp: Blueprint,
    secrets: Record<string, string> = { MISTFLOW_SECRET_STAFF_PSK: STAFF_SECRET },
  ): OrgStepContext => ({
    step: "s13" satisfies StepId,
    deployment: { steps: {} as OrgStepContext["deployment"]["steps"] },
    blueprint: bp,
    orgId: DEFAULT_ORG_ID,
    mist: h.mist,
    lock: new RedisLock(h.redis, h.prefix),
    catalog: new OrgCatalog(h.redis, h.prefix),
    secrets: SecretSource.load(secrets),
    log: createLogger({ name: "ensure-psks-test", level: "silent" }),
  });

  const mistPsks = async () =>
    (await h.mist.orgObjects.list(DEFAULT_ORG_ID, "psks")) as Array<Record<string, unknown>>;
  const writes = () =>
    h.sim.state.ledger.list().filter((e) => e.method !== "GET" && e.path.includes("/psks"));
  const forgetCatalog = async () => {
    const keys = await scanKeys(h.redis, `${h.prefix}:catalog:*`);
    if (keys.length) await h.redis.del(...keys);
  };

  it("creates a PSK with the secret's passphrase, which the outcome never carries", async () => {
    const outcome = await ensurePsks(context(blueprint({ passphrase: { secret: "STAFF_PSK" } })));

    const [psk] = await mistPsks();
    expect(psk).toMatchObject({ name: "staff", ssid: "corp-psk", vlan_id: 10, passphrase: STAFF_SECRET });
    expect(outcome.mist_ids).toEqual({ "psk:staff": psk?.id });
    expect(JSON.stringify(outcome)).not.toContain(STAFF_SECRET);
  });

  it("brings an existing PSK in line without rotating it, then answers from the catalogue", async () => {
    const bp = blueprint({ passphrase: { secret: "STAFF_PSK" } });
    await ensurePsks(context(bp));
    await forgetCatalog();

    await ensurePsks(context(blueprint({ passphrase: { secret: "STAFF_PSK" }, vlan_id: 20 })));
    const [psk] = await mistPsks();
    expect(psk).toMatchObject({ vlan_id: 20, passphrase: STAFF_SECRET });
    // Mist keeps the previous passphrase working only during a rotation; none happened.
    expect(psk).not.toHaveProperty("old_passphrase");
    expect(writes().map((e) => [e.method, e.status])).toEqual([
      ["POST", 200],
      ["PUT", 200],
    ]);

    const before = h.sim.state.ledger.list().length;
    const again = await ensurePsks(context(blueprint({ passphrase: { secret: "STAFF_PSK" }, vlan_id: 20 })));
    expect(h.sim.state.ledger.list().length).toBe(before);
    expect(again.mist_ids).toEqual({ "psk:staff": psk?.id });
  });

  it("keeps a PSK whose passphrase someone rotated in Mist: a re-run is not a rotation back", async () => {
    await ensurePsks(context(blueprint({ passphrase: { secret: "STAFF_PSK" } })));
    const [created] = await mistPsks();
    await h.mist.psks.update(DEFAULT_ORG_ID, String(created?.id), {
      name: "staff",
      ssid: "corp-psk",
      passphrase: "rotated-by-day2-rotation",
    });
    await forgetCatalog();

    await ensurePsks(context(blueprint({ passphrase: { secret: "STAFF_PSK" } })));
    const [psk] = await mistPsks();
    expect(psk).toMatchObject({ passphrase: "rotated-by-day2-rotation", vlan_id: 10 });
  });

  it("generates a passphrase of the asked length for a new PSK", async () => {
    await ensurePsks(context(blueprint({ passphrase: { generate: true, length: 20 } })));
    const [psk] = await mistPsks();
    expect(String(psk?.passphrase)).toHaveLength(20);
  });

  it("fails permanently, before any write, when the named secret is not on the workers", async () => {
    const run = ensurePsks(context(blueprint({ passphrase: { secret: "STAFF_PSK" } }), {}));
    await expect(run).rejects.toBeInstanceOf(StepFailure);
    await expect(run).rejects.toThrow("secret STAFF_PSK is not configured on the workers");
    expect(writes()).toEqual([]);
    expect(await mistPsks()).toEqual([]);
  });
});
