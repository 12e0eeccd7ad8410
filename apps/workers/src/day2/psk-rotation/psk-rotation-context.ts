import type { PskRotationView } from "@mistflow/contracts";
import { loadPskSinksConfig, PskRotationStore } from "@mistflow/psk-rotations";
import { SecretBox } from "@mistflow/secrets";
import { UnrecoverableError } from "bullmq";
import type { Day2Deps } from "../handlers";
import { loadPskSinks, type PskSink } from "./psk-sink";

/** What the PSK rotation jobs share in one process, built on first use from the day2 deps. */
export interface PskRotationContext {
  store: PskRotationStore;
  /** The sink a rotation names; a config problem is permanent for the rotation. */
  sink(name: string): PskSink;
  sinkTimeoutMs: number;
  /** False without an encryption key: such a process can expire overlaps but not rotate. */
  canSeal: boolean;
}

const built = new WeakMap<Day2Deps, PskRotationContext>();

export function pskRotationContext(deps: Day2Deps): PskRotationContext {
  const cached = built.get(deps);
  if (cached) return cached;
  const keyValue = deps.env.PSK_ENCRYPTION_KEY ?? deps.env.MIST_TOKEN_ENCRYPTION_KEY;
  const keyName = deps.env.PSK_ENCRYPTION_KEY ? "PSK_ENCRYPTION_KEY" : "MIST_TOKEN_ENCRYPTION_KEY";
  const box = keyValue ? SecretBox.fromBase64(keyName, keyValue) : undefined;
  let sinks: ReadonlyMap<string, PskSink> | undefined;
  let sinksError: string | undefined;
  try {
    sinks = loadPskSinks(
      loadPskSinksConfig({ file: deps.env.PSK_SINKS_FILE, json: deps.env.PSK_SINKS }),
      deps.secretEnv,
    );
  } catch (e) {
    sinksError = (e as Error).message;
    deps.log.error({ err: sinksError }, "PSK sinks are misconfigured: rotations will fail");
  }
  const context: PskRotationContext = {
    store: new PskRotationStore(deps.redis, deps.prefix, box),
    sink(name) {
      if (!sinks) throw new UnrecoverableError(sinksError ?? "PSK sinks are not configured");
      const sink = sinks.get(name);
      if (!sink) throw new UnrecoverableError(`no PSK sink named ${name} is configured on the workers`);
      return sink;
    },
    sinkTimeoutMs: deps.env.PSK_SINK_TIMEOUT_MS,
    canSeal: box !== undefined,
  };
  built.set(deps, context);
  return context;
}

/** Log fields of a rotation: who, which PSK, where it stands; never the passphrase. */
export const rotationLogFields = (r: PskRotationView) => ({
  rotation_id: r.id,
  org_id: r.org_id,
  psk_name: r.psk_name,
  state: r.state,
});
