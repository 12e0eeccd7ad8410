import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { RolloutView } from "@mistflow/contracts";
import { parse } from "yaml";
import { DEMO_ORG, type StackUnderTest } from "./stack-under-test";

type Json = Record<string, unknown>;

/** The blueprints the rollout, drift and day2-kill suites deploy: rollout-branch and label-branch. */
export const ROLLOUT_BLUEPRINTS = fileURLToPath(new URL("../fixtures/rollout-blueprints", import.meta.url));

/** A deployment request of one rollout-branch site in the demo org. */
export const rolloutSite = (name: string) => ({
  org_id: DEMO_ORG,
  site: {
    name,
    address: `${name} high street`,
    timezone: "Europe/Berlin",
    country_code: "DE",
    region: "EMEA-N",
  },
  blueprint: "rollout-branch",
});

/**
 * rollout-branch version 2 as an operator would write it: the same file, bumped, with the access
 * port profile's `stp_edge` turned off, plus `extra` over it (another WLAN, say).
 */
export async function rolloutBranchV2(extra: (v1: Json) => Json = () => ({})): Promise<Json> {
  const v1 = parse(await readFile(`${ROLLOUT_BLUEPRINTS}/rollout-branch.yaml`, "utf8")) as Json;
  const switchTemplate = v1.switch_template as { port_usages: Record<string, Json> };
  return {
    ...v1,
    version: 2,
    switch_template: {
      ...switchTemplate,
      port_usages: {
        ...switchTemplate.port_usages,
        access: { ...switchTemplate.port_usages.access, stp_edge: false },
      },
    },
    ...extra(v1),
  };
}

/** Starting a blueprint's rollout over HTTP, and waiting on one, for a suite's current stack. */
export function rolloutApi(current: () => StackUnderTest) {
  const rollout = async (body: Json, name = "rollout-branch") => {
    const res = await fetch(`${current().apiUrl}/v1/blueprints/${name}/rollouts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const waitRollout = async (id: string, done: (v: RolloutView) => boolean, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await current().api.getRollout(id);
      if (done(v)) return v;
      if (Date.now() > deadline)
        throw new Error(`rollout ${id} never got there: ${v.status} ${JSON.stringify(v.halt)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  /** Done one way or another: not queued, running or rolling back. */
  const settled = (v: RolloutView) => !["queued", "running", "rolling_back"].includes(v.status);
  return { rollout, waitRollout, settled };
}
