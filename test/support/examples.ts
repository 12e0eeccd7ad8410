import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DeploymentRequestInput } from "@mistflow/contracts";

const dir = fileURLToPath(new URL("../../examples/deployments/", import.meta.url));

/** The example deployments the demo submits: 3 sites of the retail-branch blueprint. */
export const exampleDeployments = (): DeploymentRequestInput[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(`${dir}${f}`, "utf8")) as DeploymentRequestInput);

/** A site of the same blueprint with no devices, for tests that need a fresh site. */
export const extraSite = (name: string, region = "NA-EAST"): DeploymentRequestInput => ({
  org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
  site: { name, address: `${name} address`, timezone: "America/New_York", country_code: "US", region },
  blueprint: "retail-branch",
});

/** Org-level objects of the retail-branch blueprint: each must exist exactly once, however many sites. */
export const EXPECTED_ORG_OBJECTS = {
  services: 2,
  networks: 4,
  deviceprofiles: 1,
  gatewaytemplates: 1,
  networktemplates: 1,
  templates: 1,
  rftemplates: 1,
  wlans: 3,
  wxtags: 2,
  wxrules: 1,
  psks: 1,
  sitegroups: 1,
};
