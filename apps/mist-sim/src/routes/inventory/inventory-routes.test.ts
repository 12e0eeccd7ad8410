import { describe, expect, it } from "vitest";
import {
  DEFAULT_ORG_ID,
  defaultClaimCodes,
  defaultForeignClaimCodes,
  OTHER_ORG_ID,
  OTHER_TOKEN,
} from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("inventory", () => {
  const ctx = useSim();
  const newSite = async (name = "site") => (await ctx.api.post(`${ORG}/sites`, { name })).body;
  const claim = async (type: "ap" | "switch" | "gateway", n: number): Promise<string[]> =>
    (await ctx.api.post(`${ORG}/inventory`, defaultClaimCodes(type, n))).body.inventory_added.map(
      (d: { mac: string }) => d.mac,
    );

  describe("claim (POST)", () => {
    it("reports added, duplicated and errors in one response_inventory body", async () => {
      const [first, second] = defaultClaimCodes("ap", 2);
      await ctx.api.post(`${ORG}/inventory`, [first]);
      const [foreign] = defaultForeignClaimCodes();
      const res = await ctx.api.post(`${ORG}/inventory`, [first, second, "ZZZZZ-ZZZZZ-ZZZZZ", foreign]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        added: [second],
        duplicated: [first],
        error: ["ZZZZZ-ZZZZZ-ZZZZZ", foreign],
        reason: [
          "invalid claim code",
          `belongs to another org ('${OTHER_ORG_ID}' (other) != '${DEFAULT_ORG_ID}' (you))`,
        ],
      });
      expect(res.body.inventory_added).toEqual([
        {
          mac: expect.stringMatching(/^[0-9a-f]{12}$/),
          magic: second?.replaceAll("-", ""),
          model: "AP45",
          serial: expect.any(String),
          type: "ap",
        },
      ]);
      expect(res.body.inventory_duplicated).toHaveLength(1);
    });

    it("answers 400 with the same body when nothing is valid", async () => {
      const res = await ctx.api.post(`${ORG}/inventory`, ["NOPE1-NOPE1-NOPE1"]);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ added: [], duplicated: [], error: ["NOPE1-NOPE1-NOPE1"] });
    });

    it("matches codes ignoring case and dashes, and accepts an empty list", async () => {
      const [code] = defaultClaimCodes("switch", 1);
      const res = await ctx.api.post(`${ORG}/inventory`, [code?.replaceAll("-", "").toLowerCase()]);
      expect(res.body.added).toHaveLength(1);
      expect((await ctx.api.post(`${ORG}/inventory`, [])).status).toBe(200);
    });

    it("rejects a body that is not a list of strings", async () => {
      expect((await ctx.api.post(`${ORG}/inventory`, { codes: [] })).status).toBe(400);
      expect((await ctx.api.post(`${ORG}/inventory`, [1])).body.detail).toBe("invalid field: claim_codes");
    });

    it("lets the other org see its pre-claimed devices", async () => {
      const res = await ctx.api.withToken(OTHER_TOKEN).get(`/orgs/${OTHER_ORG_ID}/inventory`);
      expect(res.body).toHaveLength(2);
    });
  });

  describe("list (GET)", () => {
    it("shows claimed devices with Mist's inventory fields and filters", async () => {
      await claim("ap", 3);
      const [sw] = await claim("switch", 1);
      const all = await ctx.api.get(`${ORG}/inventory`);
      expect(all.headers.get("x-page-total")).toBe("4");
      expect(all.body[0]).toMatchObject({
        id: `00000000-0000-0000-1000-${all.body[0].mac}`,
        org_id: DEFAULT_ORG_ID,
        site_id: null,
        deviceprofile_id: null,
        model: "AP45",
        type: "ap",
        connected: false,
      });
      expect(
        (await ctx.api.get(`${ORG}/inventory?type=switch`)).body.map((d: { mac: string }) => d.mac),
      ).toEqual([sw]);
      expect((await ctx.api.get(`${ORG}/inventory?mac=${sw}`)).body).toHaveLength(1);
      expect((await ctx.api.get(`${ORG}/inventory?model=AP45&limit=2`)).body).toHaveLength(2);
      expect((await ctx.api.get(`${ORG}/inventory?unassigned=false`)).body).toHaveLength(0);
    });
  });

  describe("assign / unassign / delete (PUT)", () => {
    it("assign creates site devices with the 1000-form id and firmware", async () => {
      const site = await newSite();
      const [ap] = await claim("ap", 1);
      const [sw] = await claim("switch", 1);
      const [gw] = await claim("gateway", 1);
      const res = await ctx.api.put(`${ORG}/inventory`, {
        op: "assign",
        site_id: site.id,
        macs: [ap, sw, gw],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ op: "assign", success: [ap, sw, gw], error: [], reason: [] });

      const aps = await ctx.api.get(`/sites/${site.id}/devices`);
      expect(aps.body).toEqual([
        expect.objectContaining({
          id: `00000000-0000-0000-1000-${ap}`,
          mac: ap,
          type: "ap",
          model: "AP45",
          site_id: site.id,
          org_id: DEFAULT_ORG_ID,
          name: ap,
          version: "0.14.29313",
        }),
      ]);
      const all = await ctx.api.get(`/sites/${site.id}/devices?type=all`);
      expect(all.body.map((d: { version: string }) => d.version)).toEqual([
        "0.14.29313",
        "23.4R2-S2",
        "23.4R2-S1",
      ]);
      const gateways = await ctx.api.get(`/sites/${site.id}/devices?type=gateway`);
      expect(gateways.body.map((d: { mac: string }) => d.mac)).toEqual([gw]);
      const one = await ctx.api.get(`/sites/${site.id}/devices/00000000-0000-0000-1000-${sw}`);
      expect(one.body.model).toBe("EX4100-48P");
      expect((await ctx.api.get(`${ORG}/inventory?site_id=${site.id}`)).body).toHaveLength(3);
    });

    it("moves devices between sites unless no_reassign, and unassigns", async () => {
      const [a, b] = await Promise.all([newSite("a"), newSite("b")]);
      const [ap] = await claim("ap", 1);
      await ctx.api.put(`${ORG}/inventory`, { op: "assign", site_id: a.id, macs: [ap] });
      const refused = await ctx.api.put(`${ORG}/inventory`, {
        op: "assign",
        site_id: b.id,
        macs: [ap],
        no_reassign: true,
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ op: "assign", success: [], error: [ap], reason: ["already assigned"] });
      const same = await ctx.api.put(`${ORG}/inventory`, {
        op: "assign",
        site_id: a.id,
        macs: [ap],
        no_reassign: true,
      });
      expect(same.body.success).toEqual([ap]);
      await ctx.api.put(`${ORG}/inventory`, { op: "assign", site_id: b.id, macs: [ap] });
      expect((await ctx.api.get(`/sites/${a.id}/devices`)).body).toHaveLength(0);
      expect((await ctx.api.get(`/sites/${b.id}/devices`)).body).toHaveLength(1);

      const un = await ctx.api.put(`${ORG}/inventory`, { op: "unassign", macs: [ap] });
      expect(un.body.success).toEqual([ap]);
      expect((await ctx.api.get(`/sites/${b.id}/devices`)).body).toHaveLength(0);
      expect((await ctx.api.get(`${ORG}/inventory?mac=${ap}`)).body[0].site_id).toBeNull();
    });

    it("reports unknown devices per MAC and validates the request", async () => {
      const site = await newSite();
      const [ap] = await claim("ap", 1);
      const mixed = await ctx.api.put(`${ORG}/inventory`, {
        op: "assign",
        site_id: site.id,
        macs: [ap, "aa:bb:cc:dd:ee:ff"],
      });
      expect(mixed.status).toBe(200);
      expect(mixed.body).toMatchObject({
        success: [ap],
        error: ["aabbccddeeff"],
        reason: ["device not found in org inventory"],
      });
      const noSite = await ctx.api.put(`${ORG}/inventory`, { op: "assign", macs: [ap] });
      expect(noSite.body.detail).toBe("invalid field: site_id");
      const foreignSite = await ctx.api.put(`${ORG}/inventory`, {
        op: "assign",
        site_id: "00000000-0000-4000-8000-000000000000",
        macs: [ap],
      });
      expect(foreignSite.body.detail).toBe("invalid field: site_id");
      const badOp = await ctx.api.put(`${ORG}/inventory`, { op: "upgrade_to_mist", macs: [ap] });
      expect(badOp.body.detail).toBe("invalid field: op");
      const noOp = await ctx.api.put(`${ORG}/inventory`, { macs: [ap] });
      expect(noOp.body).toEqual({ detail: "invalid field: op", reason: "field is required" });
    });

    it("delete releases devices by MAC or serial so the code can be claimed again", async () => {
      const site = await newSite();
      const [ap, ap2] = await claim("ap", 2);
      await ctx.api.put(`${ORG}/inventory`, { op: "assign", site_id: site.id, macs: [ap] });
      const inv = (await ctx.api.get(`${ORG}/inventory`)).body;
      const serial2 = inv.find((d: { mac: string }) => d.mac === ap2).serial;
      const res = await ctx.api.put(`${ORG}/inventory`, {
        op: "delete",
        macs: [ap],
        serials: [serial2, "NOPE"],
      });
      expect(res.body).toEqual({
        op: "delete",
        success: [ap, serial2],
        error: ["NOPE"],
        reason: ["device not found in org inventory"],
      });
      expect((await ctx.api.get(`${ORG}/inventory`)).body).toHaveLength(0);
      expect((await ctx.api.get(`/sites/${site.id}/devices`)).body).toHaveLength(0);
      const reclaimed = await ctx.api
        .withToken(OTHER_TOKEN)
        .post(`/orgs/${OTHER_ORG_ID}/inventory`, defaultClaimCodes("ap", 1));
      expect(reclaimed.body.added).toHaveLength(1);
    });

    it("deleting a site returns its devices to the inventory unassigned", async () => {
      const site = await newSite();
      const [ap] = await claim("ap", 1);
      await ctx.api.put(`${ORG}/inventory`, { op: "assign", site_id: site.id, macs: [ap] });
      await ctx.api.delete(`/sites/${site.id}`);
      expect((await ctx.api.get(`${ORG}/inventory?mac=${ap}`)).body[0].site_id).toBeNull();
    });
  });
});
