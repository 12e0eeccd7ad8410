import { parseArgs } from "node:util";
import { exitAfterFlush } from "@mistflow/cli";
import { runBenchChild } from "./bench-child";
import { parseOnly, runBench } from "./run-bench";

const USAGE = `mistflow-bench [--only LIST] [--sites 1,10,100] [--quick]

  benchmarks: intake,overhead,fair,calls,budget,rollout,memory (default all);
  tables on stdout, JSON in bench-results/bench.json. npm run bench builds first and runs this.`;

const { values } = parseArgs({
  options: {
    sites: { type: "string", default: "1,10,100" },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    /** Internal: a benchmark's comparison process (baseline intake, raw BullMQ worker). */
    child: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

async function main(): Promise<number> {
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.child) return runBenchChild(values.child);
  return runBench({
    only: parseOnly(values.only),
    sizes: values.sites.split(",").map(Number),
    quick: values.quick,
  });
}

main().then(exitAfterFlush, (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  exitAfterFlush(1);
});
