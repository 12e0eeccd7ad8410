import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { resolveRedis } from "@mistflow/testing";
import { repoRoot } from "../stack";
import { measureCallsPerSite } from "./calls-per-site";

/**
 * `pnpm bench`: measurements printed as a table and written as JSON. Not part of the test suite:
 * figures from a shared machine are recorded, not asserted.
 */
export async function runBench(opts: { sizes: number[]; out?: (line: string) => void }): Promise<number> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const redis = await resolveRedis({ allowLocalDefault: true });
  try {
    out(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
    );
    out(`redis: ${redis.source}`);
    const rows = await measureCallsPerSite(redis.url, opts.sizes);
    out("");
    out("Mist calls per site (one blueprint, devices assigned by MAC, simulator without rate limit)");
    out("| sites | calls | calls/site | calls per additional site | seconds |");
    out("|------:|------:|-----------:|--------------------------:|--------:|");
    for (const r of rows) {
      const extra = r.callsPerAdditionalSite === null ? "-" : r.callsPerAdditionalSite.toFixed(2);
      out(`| ${r.sites} | ${r.calls} | ${r.callsPerSite.toFixed(2)} | ${extra} | ${r.seconds.toFixed(1)} |`);
    }
    const largest = rows.at(-1);
    if (largest) {
      out("");
      out(`calls by operation for ${largest.sites} sites:`);
      for (const [op, count] of Object.entries(largest.byOperation).sort((a, b) => b[1] - a[1]))
        out(`  ${String(count).padStart(5)}  ${op}`);
    }
    const dir = join(repoRoot(), "bench-results");
    await mkdir(dir, { recursive: true });
    const file = join(dir, "calls-per-site.json");
    await writeFile(file, `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`);
    out(`\nwritten to ${file}`);
    return 0;
  } finally {
    await redis.stop();
  }
}
