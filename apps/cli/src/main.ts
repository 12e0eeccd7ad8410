import { parseArgs } from "node:util";
import { IntakeClient } from "./api/intake-client";
import { runBench } from "./bench/run-bench";
import { runDemo } from "./demo/run-demo";

const USAGE = `mistflow <command>

  demo [--keep] [--timeout-s N]   deploy the example sites against the Mist simulator
  bench [--sites 1,10,100]        measure Mist calls per site against the simulator
  status <deployment-id>          show a deployment's status and steps
  deploy --json <file>            submit one deployment request

  --api <url>   intake API address (env MISTFLOW_API, default http://127.0.0.1:3000)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    keep: { type: "boolean", default: false },
    "timeout-s": { type: "string", default: "180" },
    api: { type: "string", default: process.env.MISTFLOW_API ?? "http://127.0.0.1:3000" },
    json: { type: "string" },
    sites: { type: "string", default: "1,10,100" },
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
      return runBench({ sizes: values.sites.split(",").map(Number) });
    case "status": {
      if (!args[0]) throw new Error("status needs a deployment id");
      console.log(JSON.stringify(await new IntakeClient(values.api).get(args[0]), null, 2));
      return 0;
    }
    case "deploy": {
      if (!values.json) throw new Error("deploy needs --json <file>");
      const { readFile } = await import("node:fs/promises");
      const submitted = await new IntakeClient(values.api).submit(
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
