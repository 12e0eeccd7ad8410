import { describe, expect, it } from "vitest";
import { DEFAULT_IPAM_CONFIG } from "../config";
import { overlappingSiteSlots, parseBlockOrAddress } from "./overlapping-sites";
import { siteBlock } from "./site-block";
import { zoneBlock } from "./zone-block";

const slots = (text: string) => {
  const cidr = parseBlockOrAddress(text);
  if (!cidr) throw new Error(`unparsable ${text}`);
  return overlappingSiteSlots(DEFAULT_IPAM_CONFIG, cidr);
};

describe("overlappingSiteSlots", () => {
  it("finds the one site block a prefix or address inside it falls in", () => {
    const block = siteBlock(DEFAULT_IPAM_CONFIG, "LATAM", 3);
    expect(slots(block)).toEqual([{ zone: "LATAM", index: 3, exact: true }]);
    const [network] = block.split("/");
    const inside = `${network?.replace(/\.0$/, ".128")}/25`;
    expect(slots(inside)).toEqual([{ zone: "LATAM", index: 3, exact: false }]);
    expect(slots(network?.replace(/\.0$/, ".1") ?? "")).toEqual([{ zone: "LATAM", index: 3, exact: false }]);
  });

  it("covers every site block a wider prefix spans, and nothing outside the zones", () => {
    const first = siteBlock(DEFAULT_IPAM_CONFIG, "LATAM", 0);
    const [network] = first.split("/");
    expect(slots(`${network}/20`).map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(slots(zoneBlock(DEFAULT_IPAM_CONFIG, "LATAM")).length).toBeGreaterThan(100);
    expect(slots("192.168.10.0/24")).toEqual([]);
  });
});
