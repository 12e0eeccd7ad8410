import { parseArgs } from "node:util";
import { IntakeClient } from "./api/intake-client";
import {
  blueprintsCommand,
  cancel,
  decommission,
  deployCsv,
  deployJson,
  driftCommand,
  importOrgCommand,
  planCsv,
  probeCommand,
  processOutput,
  retry,
  rolloutCommand,
  rolloutsCommand,
  runSim,
  showStatus,
  specCommand,
} from "./commands";
import { runDemo } from "./demo/run-demo";
import { DEFAULT_API_URL, loadCliEnv } from "./env";
import { exitAfterFlush } from "./exit-after-flush";

const USAGE = `mistflow <command>

  demo [--keep] [--timeout-s N]   deploy the example sites against the Mist simulator
  deploy --csv <file> --blueprint <name> [--org <id>] [--wait]
                                  check every row, then submit the sheet as one batch;
                                  --wait shows each site's steps until all end (exit 1 if any failed)
  deploy --json <file> [--wait]   submit one deployment request (--wait follows its events)
  plan --csv <file> --blueprint <name> [--org <id>] [--output json]
                                  dry run of the same sheet: what would change in Mist
  status <id> [--output json]     a deployment's steps, or a batch's (bat-…) sites and totals
  retry <deployment-id> [--wait]  re-run a failed deployment's unfinished steps only
  cancel <deployment-id>          stop a deployment: steps not started never start
  decommission <site-id> [--delete-site] [--release-devices] [--quarantine 7d] [--reason text]
               [--dry-run] [--wait] [--output json]
                                  tear a deployed site down in reverse order: the plan first,
                                  --dry-run stops there (zero writes); devices stay claimed unless
                                  --release-devices; the site stays, empty, unless --delete-site
  import --org <id> [--out <dir>] [--dry-run] [--keep-lookalikes] [--output json]
                                  adopt a hand-built org (GETs only): one blueprint YAML per template
                                  family into <dir>, each site's adoption, its addresses reserved in
                                  IPAM (not with --dry-run), and what needs a person's review;
                                  per-site template copies become one template whose differing
                                  values are site variables (--keep-lookalikes keeps them apart)
  blueprints [name] [--output json]
                                  registered blueprint versions and how many sites run each;
                                  with a name: each version's template names and bound sites
  rollout <blueprint> --org <id> [--version N] [--waves 1,25%,100%] [--soak S] [--max-failures N]
          [--dry-run] [--wait] [--output json]
                                  move the org's sites bound to a blueprint to a version in SLE-gated
                                  waves: the plan first (per Mist object what changes, new versioned
                                  copies with field diffs; per wave which sites); --dry-run stops
                                  there (GETs only); --wait follows it (exit 1 unless it succeeded)
  rollouts [id] [--abort | --resume | --rollback] [--wait] [--output json]
                                  list rollouts, show one, or act on it: abort stops moving sites,
                                  resume goes on (a halted wave is judged again after a new soak),
                                  rollback puts every moved site back and deletes the new copies
  drift --org <id> [--last] [--output json]
                                  compare live Mist with what mistflow recorded (GETs only): per org
                                  object and bound site the field diffs; --last shows the last
                                  scheduled check; exit 1 when something drifted
  drift --org <id> --converge [--site-ids a,b] [--dry-run]
                                  put drifted sites back: each is re-deployed at its bound version
  probe --org <id> [--output json]
                                  pre-flight of a real org: token kind and role, source-IP policy,
                                  AP auto-upgrade, Marvis self-driving (docs/preflight.md); exit 1
                                  when an item fails
  spec [--lint <blueprint.json>] [--output json]
                                  the Mist OpenAPI spec the blueprint lint uses (MIST_OPENAPI_SPEC):
                                  path, version, spec updates applied, or where to get it; --lint
                                  checks a local blueprint file (exit 1 on errors)
  sim [simulator flags]           start the Mist simulator in the foreground (--port 8090 …)

  --api <url>   intake API address (env MISTFLOW_API_URL or MISTFLOW_API, default ${DEFAULT_API_URL})
  env MISTFLOW_API_KEY   API key sent as a bearer token (deployments:write to submit, read to look,
                         admin to decommission)
  env MISTFLOW_ADMIN_USERNAME / MISTFLOW_ADMIN_PASSWORD
                         the admin login of an API without keys (its BOARD_USERNAME/PASSWORD)`;

const env = loadCliEnv(process.env);
// The simulator's own flags go to it untouched.
const simArgs = process.argv[2] === "sim" ? process.argv.slice(3) : undefined;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  args: simArgs ? ["sim"] : process.argv.slice(2),
  options: {
    keep: { type: "boolean", default: false },
    "timeout-s": { type: "string" },
    api: { type: "string", default: env.MISTFLOW_API_URL ?? env.MISTFLOW_API ?? DEFAULT_API_URL },
    json: { type: "string" },
    csv: { type: "string" },
    blueprint: { type: "string" },
    org: { type: "string" },
    wait: { type: "boolean", default: false },
    output: { type: "string", default: "text" },
    "delete-site": { type: "boolean", default: false },
    "release-devices": { type: "boolean", default: false },
    quarantine: { type: "string" },
    reason: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    out: { type: "string" },
    "keep-lookalikes": { type: "boolean", default: false },
    version: { type: "string" },
    waves: { type: "string" },
    soak: { type: "string" },
    "max-failures": { type: "string" },
    abort: { type: "boolean", default: false },
    last: { type: "boolean", default: false },
    converge: { type: "boolean", default: false },
    "site-ids": { type: "string" },
    resume: { type: "boolean", default: false },
    rollback: { type: "boolean", default: false },
    lint: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
const [command, ...args] = positionals;

const io = processOutput();
const admin =
  env.MISTFLOW_ADMIN_USERNAME && env.MISTFLOW_ADMIN_PASSWORD
    ? { username: env.MISTFLOW_ADMIN_USERNAME, password: env.MISTFLOW_ADMIN_PASSWORD }
    : undefined;
const api = () => new IntakeClient(values.api, env.MISTFLOW_API_KEY, admin);

async function main(): Promise<number> {
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case "demo":
      return runDemo({ keep: values.keep, timeoutMs: Number(values["timeout-s"] ?? 180) * 1000 });
    case "status": {
      if (!args[0]) throw new Error("status needs a deployment or batch id");
      return showStatus(api(), args[0], io, values.output === "json");
    }
    case "deploy": {
      if (values.csv)
        return deployCsv(
          api(),
          {
            csv: values.csv,
            blueprint: values.blueprint,
            org: values.org,
            wait: values.wait,
            timeoutMs: values["timeout-s"] ? Number(values["timeout-s"]) * 1000 : undefined,
          },
          io,
        );
      if (!values.json) throw new Error("deploy needs --csv <file> --blueprint <name>, or --json <file>");
      return deployJson(api(), values.json, values.wait, io);
    }
    case "plan": {
      if (!values.csv) throw new Error("plan needs --csv <file> --blueprint <name>");
      return planCsv(
        api(),
        { csv: values.csv, blueprint: values.blueprint, org: values.org, json: values.output === "json" },
        io,
      );
    }
    case "retry":
      if (!args[0]) throw new Error("retry needs a deployment id");
      return retry(api(), args[0], values.wait, io);
    case "cancel":
      if (!args[0]) throw new Error("cancel needs a deployment id");
      return cancel(api(), args[0], io);
    case "decommission":
      if (!args[0]) throw new Error("decommission needs a Mist site id");
      return decommission(
        api(),
        {
          siteId: args[0],
          deleteSite: values["delete-site"],
          releaseDevices: values["release-devices"],
          ...(values.quarantine !== undefined ? { quarantine: values.quarantine } : {}),
          ...(values.reason !== undefined ? { reason: values.reason } : {}),
          dryRun: values["dry-run"],
          wait: values.wait,
          json: values.output === "json",
          ...(values["timeout-s"] ? { timeoutMs: Number(values["timeout-s"]) * 1000 } : {}),
        },
        io,
      );
    case "import":
      if (!values.org) throw new Error("import needs --org <Mist org id>");
      return importOrgCommand(
        api(),
        {
          org: values.org,
          ...(values.out !== undefined ? { out: values.out } : {}),
          dryRun: values["dry-run"],
          keepLookAlikes: values["keep-lookalikes"],
          json: values.output === "json",
        },
        io,
      );
    case "blueprints":
      return blueprintsCommand(api(), args[0], values.output === "json", io);
    case "rollout":
      if (!args[0]) throw new Error("rollout needs a blueprint name");
      if (!values.org) throw new Error("rollout needs --org <Mist org id>");
      return rolloutCommand(
        api(),
        {
          blueprint: args[0],
          org: values.org,
          ...(values.version !== undefined ? { version: values.version } : {}),
          ...(values.waves !== undefined ? { waves: values.waves } : {}),
          ...(values.soak !== undefined ? { soak: values.soak } : {}),
          ...(values["max-failures"] !== undefined ? { maxFailures: values["max-failures"] } : {}),
          dryRun: values["dry-run"],
          wait: values.wait,
          json: values.output === "json",
          ...(values["timeout-s"] ? { timeoutMs: Number(values["timeout-s"]) * 1000 } : {}),
        },
        io,
      );
    case "rollouts": {
      const actions = (["abort", "resume", "rollback"] as const).filter((a) => values[a]);
      if (actions.length > 1) throw new Error("rollouts takes one of --abort, --resume, --rollback");
      if (actions.length > 0 && !args[0]) throw new Error(`--${actions[0]} needs a rollout id`);
      return rolloutsCommand(
        api(),
        args[0],
        actions[0],
        {
          wait: values.wait,
          json: values.output === "json",
          ...(values["timeout-s"] ? { timeoutMs: Number(values["timeout-s"]) * 1000 } : {}),
        },
        io,
      );
    }
    case "drift":
      if (!values.org) throw new Error("drift needs --org <Mist org id>");
      return driftCommand(
        api(),
        {
          org: values.org,
          last: values.last,
          converge: values.converge,
          ...(values["site-ids"] !== undefined ? { siteIds: values["site-ids"] } : {}),
          dryRun: values["dry-run"],
          json: values.output === "json",
        },
        io,
      );
    case "probe":
      if (!values.org) throw new Error("probe needs --org <Mist org id>");
      return probeCommand(api(), { org: values.org, json: values.output === "json" }, io);
    case "spec":
      return specCommand({ env: process.env, lint: values.lint, json: values.output === "json" }, io);
    case "sim":
      return runSim(simArgs ?? []);
    default:
      console.error(`unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

main().then(exitAfterFlush, (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  exitAfterFlush(1);
});
