import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SIM_DEMO_TOKEN } from "@mistflow/process-stack";

export const BENCH_ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";

export const benchMac = (i: number) => `5c5b35f${i.toString(16).padStart(5, "0")}`;

/**
 * A simulator seed whose org already owns one AP per bench site, so each site's devices are
 * assigned by MAC (no claim), which is what the per-site call floor counts.
 */
export async function writeBenchSeed(
  dir: string,
  sites: number,
  extraTokens: ReadonlyArray<{ alias: string; value: string }> = [],
): Promise<string> {
  const orgToken = (value: string, alias: string) => ({
    value,
    alias,
    kind: "org",
    name: `bench ${alias}`,
    privileges: [{ scope: "org", role: "admin", org_id: BENCH_ORG }],
  });
  const seed = {
    orgs: [{ id: BENCH_ORG, name: "Bench Org" }],
    tokens: [orgToken(SIM_DEMO_TOKEN, "demo"), ...extraTokens.map((t) => orgToken(t.value, t.alias))],
    inventory: {
      [BENCH_ORG]: Array.from({ length: sites }, (_, i) => ({
        mac: benchMac(i),
        serial: `BENCH${String(i).padStart(7, "0")}`,
        model: "AP45",
        type: "ap",
        claim_code: `BENCH-${String(i).padStart(5, "0")}-AAAAA`,
        claimed_by_org: BENCH_ORG,
      })),
    },
  };
  const file = join(dir, `bench-seed-${sites}.json`);
  await writeFile(file, JSON.stringify(seed));
  return file;
}
