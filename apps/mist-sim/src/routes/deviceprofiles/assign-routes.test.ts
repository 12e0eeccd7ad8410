import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, defaultClaimCodes } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("device profile assign/unassign", () => {
  const ctx = useSim();

  async function claimGateways(n: number): Promise<string[]> {
    const res = await ctx.api.post(`${ORG}/inventory`, defaultClaimCodes("gateway", n));
    return res.body.inventory_added.map((d: { mac: string }) => d.mac);
  }

  it("lists only devices whose deviceprofile_id changed and updates the inventory", async () => {
    const [a, b] = await claimGateways(2);
    const hub = (await ctx.api.post(`${ORG}/deviceprofiles`, { name: "hub", type: "gateway" })).body;
    const first = await ctx.api.post(`${ORG}/deviceprofiles/${hub.id}/assign`, { macs: [a] });
    expect(first.body).toEqual({ success: [a] });
    const second = await ctx.api.post(`${ORG}/deviceprofiles/${hub.id}/assign`, { macs: [a, b] });
    expect(second.body).toEqual({ success: [b] });
    const inv = await ctx.api.get(`${ORG}/inventory?type=gateway`);
    expect(
      inv.body.filter((d: { deviceprofile_id: string | null }) => d.deviceprofile_id === hub.id),
    ).toHaveLength(2);

    const un = await ctx.api.post(`${ORG}/deviceprofiles/${hub.id}/unassign`, {
      macs: [a, "5c:5b:35:ff:ff:ff"],
    });
    expect(un.body).toEqual({ success: [a] });
  });

  it("skips devices outside the inventory or of another type", async () => {
    const [gw] = await claimGateways(1);
    const ap = (await ctx.api.post(`${ORG}/inventory`, defaultClaimCodes("ap", 1))).body.inventory_added[0]
      .mac;
    const hub = (await ctx.api.post(`${ORG}/deviceprofiles`, { name: "hub", type: "gateway" })).body;
    const res = await ctx.api.post(`${ORG}/deviceprofiles/${hub.id}/assign`, {
      macs: [ap, gw, "aabbccddeeff"],
    });
    expect(res.body).toEqual({ success: [gw] });
  });

  it("requires macs and an existing profile", async () => {
    const hub = (await ctx.api.post(`${ORG}/deviceprofiles`, { name: "hub", type: "gateway" })).body;
    const missing = await ctx.api.post(`${ORG}/deviceprofiles/${hub.id}/assign`, {});
    expect(missing.body).toEqual({ detail: "invalid field: macs", reason: "field is required" });
    const unknown = await ctx.api.post(`${ORG}/deviceprofiles/00000000-0000-4000-8000-000000000000/assign`, {
      macs: [],
    });
    expect(unknown.status).toBe(404);
  });
});
