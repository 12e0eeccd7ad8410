import { parseArgs } from "node:util";
import { IntakeClient } from "./api/intake-client";
import { runBenchChild } from "./bench/bench-child";
import { parseOnly, runBench } from "./bench/run-bench";
import { runDemo } from "./demo/run-demo";

const USAGE = `mistflow <command>

  demo [--keep] [--timeout-s N]   deploy the example sites against the Mist simulator
  bench [--only LIST] [--sites 1,10,100] [--quick]
                                  benchmarks: intake,overhead,calls,budget,memory (default all);
                                  tables on stdout, JSON in bench-results/bench.json
  status <deployment-id>          show a deployment's status and steps
  deploy --json <file>            submit one deployment request

  --api <url>   intake API address (env MISTFLOW_API, default http://127.0.0.1:3000)
  env MISTFLOW_API_KEY   API key sent as a bearer token`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    keep: { type: "boolean", default: false },
    "timeout-s": { type: "string", default: "180" },
    api: { type: "string", default: process.env.MISTFLOW_API ?? "http://127.0.0.1:3000" },
    json: { type: "string" },
    sites: { type: "string", default: "1,10,100" },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    /** Internal: a benchmark's comparison process (baseline intake, raw BullMQ worker). */
    child: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
const [command, ...args] = positionals;

async function main(): Promise<number> {
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case "demo":
      return runDemo({ keep: values.keep, timeoutMs: Number(values["timeout-s"]) * 1000 });
    case "bench":
      if (values.child) return runBenchChild(values.child);
      return runBench({
        only: parseOnly(values.only),
        sizes: values.sites.split(",").map(Number),
        quick: values.quick,
      });
    case "status": {
      if (!args[0]) throw new Error("status needs a deployment id");
      console.log(
        JSON.stringify(
          await new IntakeClient(values.api, process.env.MISTFLOW_API_KEY).get(args[0]),
          null,
          2,
        ),
      );
      return 0;
    }
    case "deploy": {
      if (!values.json) throw new Error("deploy needs --json <file>");
      const { readFile } = await import("node:fs/promises");
      const submitted = await new IntakeClient(values.api, process.env.MISTFLOW_API_KEY).submit(
        JSON.parse(await readFile(values.json, "utf8")),
      );
      console.log(JSON.stringify(submitted));
      return 0;
    }
    default:
      console.error(`unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
