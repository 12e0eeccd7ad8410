import { Blueprint, STEP_IDS, STEPS, type StepId } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import {
  firstByIdentity,
  OBJECT_SETS,
  OBJECT_STEPS,
  objectSetsOf,
  providerOf,
  recordIds,
  refsFrom,
} from "./object-sets";

const bp = Blueprint.parse({
  name: "shop",
  version: 1,
  gateway_template: { name: "shop-gw" },
  wlan_template: { name: "shop-wlans" },
  wlans: [{ ssid: "Guest", vlan_id: "{{guest_vlan}}" }],
  labels: [{ name: "guest", type: "match", wlan_ssids: ["Guest"] }],
  wlan_policies: [{ order: 1, action: "block", src_labels: ["guest"], dst_deny_labels: [] }],
});

/** Every step that must have succeeded before `step`, transitively, per the DAG in contracts. */
const prerequisites = (step: StepId): Set<StepId> => {
  const out = new Set<StepId>();
  const walk = (s: StepId) => {
    for (const p of STEPS[s].after) if (!out.has(p)) out.add(p) && walk(p);
  };
  walk(step);
  return out;
};

describe("the object-set table", () => {
  it("refers only to ids a set before it made, in its own step or a prerequisite of it", () => {
    OBJECT_SETS.forEach((set, i) => {
      for (const ref of set.uses) {
        const provider = providerOf(ref);
        // The workers read the provider's ids from its step's record: that step must be done.
        expect(
          provider.step === set.step || prerequisites(set.step).has(provider.step),
          `${set.label} ${ref}`,
        ).toBe(true);
        expect(OBJECT_SETS.indexOf(provider), `${set.label} uses ${ref}`).toBeLessThan(i);
      }
    });
  });

  it("lists the object steps in an order that honours the DAG, each with the job name of its step", () => {
    expect(OBJECT_STEPS).toEqual(STEP_IDS.slice(STEP_IDS.indexOf("s03"), STEP_IDS.indexOf("s13") + 1));
    OBJECT_STEPS.forEach((step, i) => {
      for (const p of STEPS[step].after)
        if (OBJECT_STEPS.includes(p)) expect(OBJECT_STEPS.indexOf(p)).toBeLessThan(i);
    });
    expect(objectSetsOf("s08").map((s) => s.label)).toEqual(["sitegroup", "wlan_template"]);
  });

  it("builds each body from the refs it is given, and records ids under the keys refs look up", () => {
    const recorded: Record<string, string> = {};
    const asked: string[] = [];
    const refs = refsFrom((provider, key) => {
      asked.push(`${provider.label} ${key}`);
      return recorded[key] ?? `missing ${key}`;
    });
    for (const set of OBJECT_SETS) {
      const desired = set.desired(bp, refs);
      const ids = new Map(desired.map((d, i) => [set.identity(d), `${set.label}-${i}`]));
      Object.assign(recorded, recordIds(set, desired, ids));
    }
    expect(recorded).toEqual({
      gatewaytemplate_id: "gateway_template-0",
      sitegroup_id: "sitegroup-0",
      wlantemplate_id: "wlan_template-0",
      "wlan:Guest": "wlan-0",
      "wxtag:guest": "label-0",
      "wxrule:1": "wlan_policy-0",
    });
    expect(asked).toEqual([
      "sitegroup sitegroup_id",
      "wlan_template wlantemplate_id",
      "wlan wlan:Guest",
      "wlan_template wlantemplate_id",
      "label wxtag:guest",
    ]);
    // The policy's body carries the ids the earlier sets recorded, not placeholders.
    const [policy] = objectSetsOf("s12")[0]?.desired(bp, refs) ?? [];
    expect(policy).toMatchObject({ template_id: "wlan_template-0", src_wxtags: ["label-0"] });
  });

  it("asks for no ref when the blueprint defines nothing that needs it", () => {
    const bare = Blueprint.parse({ name: "bare", version: 1 });
    const refs = refsFrom((_p, key) => {
      throw new Error(`asked for ${key}`);
    });
    for (const set of OBJECT_SETS) expect(set.desired(bare, refs), set.label).toEqual([]);
  });

  it("keeps the oldest object per identity: the one a person's duplicates are referenced by", () => {
    const found = firstByIdentity(
      [
        { id: "old", name: "a" },
        { id: "new", name: "a" },
      ],
      (o) => String(o.name),
    );
    expect(found.get("a")?.id).toBe("old");
  });
});
