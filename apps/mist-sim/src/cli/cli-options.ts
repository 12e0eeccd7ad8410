import { parseArgs } from "node:util";
import type { Env } from "../env/env";
import type { RateLimitConfig } from "../middleware/rate-limit/rate-limiter";
import { parseRateLimitArg } from "./rate-limit-arg";

const DEFAULT_PORT = 8090;
const DEFAULT_HOST = "127.0.0.1";

export const USAGE = `Usage: mist-sim [--port 8090] [--host 127.0.0.1] [--seed file.json|yaml]
                [--rate-limit 5000/3600s|off] [--fault-seed 24301] [--faults faults.json]
                [--upgrade-phase-ms 2000]

Env fallbacks: MIST_SIM_PORT, MIST_SIM_HOST, MIST_SIM_SEED, MIST_SIM_RATE_LIMIT, MIST_SIM_FAULT_SEED,
               MIST_SIM_FAULTS, MIST_SIM_UPGRADE_PHASE_MS`;

export interface CliOptions {
  port: number;
  host: string;
  seedPath: string | undefined;
  rateLimit: RateLimitConfig | false | undefined;
  faultSeed: number | undefined;
  /** JSON file with an array of fault specs to install at startup. */
  faultsPath: string | undefined;
  upgradePhaseMs: number | undefined;
  help: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`invalid port '${value}'`);
  return port;
}

/** Flags win over env, env over defaults. Throws on unknown flags or bad values. */
export function parseCliOptions(argv: string[], env: Env): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string" },
      seed: { type: "string" },
      "rate-limit": { type: "string" },
      "fault-seed": { type: "string" },
      faults: { type: "string" },
      "upgrade-phase-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const rateLimit = values["rate-limit"] ?? env.MIST_SIM_RATE_LIMIT;
  const faultSeed = values["fault-seed"];
  if (faultSeed !== undefined && !/^-?\d+$/.test(faultSeed))
    throw new Error(`invalid fault seed '${faultSeed}'`);
  const phaseMs = values["upgrade-phase-ms"];
  if (phaseMs !== undefined && !/^[1-9]\d*$/.test(phaseMs))
    throw new Error(`invalid upgrade phase '${phaseMs}': use a positive number of milliseconds`);
  return {
    port: values.port === undefined ? (env.MIST_SIM_PORT ?? DEFAULT_PORT) : parsePort(values.port),
    host: values.host ?? env.MIST_SIM_HOST ?? DEFAULT_HOST,
    seedPath: values.seed ?? env.MIST_SIM_SEED,
    rateLimit: rateLimit === undefined ? undefined : parseRateLimitArg(rateLimit),
    faultSeed: faultSeed === undefined ? env.MIST_SIM_FAULT_SEED : Number(faultSeed),
    faultsPath: values.faults ?? env.MIST_SIM_FAULTS,
    upgradePhaseMs: phaseMs === undefined ? env.MIST_SIM_UPGRADE_PHASE_MS : Number(phaseMs),
    help: values.help ?? false,
  };
}
