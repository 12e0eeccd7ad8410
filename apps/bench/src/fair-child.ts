import { desiredSite, desiredSiteVars } from "@mistflow/desired-state";
import { DEFAULT_IPAM_CONFIG } from "@mistflow/ipam";
import { MIST_HTTP_DEFAULTS, normalizeMac } from "@mistflow/mist-client";
import {
  attachedFlowAfter,
  buildDeploymentFlow,
  DEFAULT_RETRY_POLICY,
  QUEUE_NAMES,
  ROOT_JOB_NAME,
} from "@mistflow/queues";
import type { FlowJob } from "bullmq";
import { Pool } from "undici";
import { z } from "zod";
import { serveBenchIntake } from "./bench-intake";
import { startBenchWorker } from "./bench-worker";

/**
 * The fair overhead baseline of issue 17: what a person would write by hand to make the same Mist
 * calls with BullMQ. Same flow shape (the 15 jobs, the same attach rules), same Redis, same
 * simulator, the same request bodies built by the same pure functions, and the same undici pool
 * settings as the Mist client. What it leaves out is what mistflow adds: validation, the record,
 * idempotency, IPAM in Redis, the rate budget, locks, the org catalogue, metrics and logs.
 */
export const FairIntakeChild = z.object({
  kind: z.literal("fair-intake"),
  redisUrl: z.string(),
  prefix: z.string(),
  port: z.number(),
});

export const FairWorkerChild = z.object({
  kind: z.literal("fair-worker"),
  redisUrl: z.string(),
  prefix: z.string(),
  queue: z.enum(Object.values(QUEUE_NAMES) as [string, ...string[]]),
  concurrency: z.number().int().positive(),
  mistBaseUrl: z.string().url(),
  orgId: z.string(),
  /** The warmed org's template ids and site group, as mistflow's catalogue vouches for them. */
  binding: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

/** The environment variable the parent hands the Mist token in: never on the command line. */
export const FAIR_TOKEN_ENV = "MISTFLOW_BENCH_MIST_TOKEN";

interface FairRequest {
  site: Parameters<typeof desiredSite>[0];
  devices: { macs?: string[] };
}

/** Puts `extra` into the data of the flow node running `step`: no record, the job carries it. */
function withStepData(flow: FlowJob, step: string, extra: Record<string, unknown>): FlowJob {
  const data = flow.data as { step?: string } | undefined;
  return {
    ...flow,
    ...(data?.step === step ? { data: { ...data, ...extra } } : {}),
    ...(flow.children ? { children: flow.children.map((c) => withStepData(c, step, extra)) } : {}),
  };
}

/** POST /v1/deployments → one flow, with the site and devices in step 1's job data. */
export const serveFairIntake = (cfg: z.infer<typeof FairIntakeChild>, ready: (line: string) => void) =>
  serveBenchIntake(cfg, ready, (body, id) => {
    const { site, devices } = JSON.parse(body) as FairRequest;
    return withStepData(buildDeploymentFlow(id, DEFAULT_RETRY_POLICY), "s01", { site, devices });
  });

/** One Mist call as the Mist client sends it (same pool, headers and deadlines), minus everything else. */
function mistCaller(baseUrl: string, token: string) {
  const origin = new URL(baseUrl).origin;
  const pool = new Pool(origin, { connections: MIST_HTTP_DEFAULTS.connections });
  const headers = {
    authorization: `Token ${token}`,
    accept: "application/json",
    "user-agent": "mistflow/0.1",
    "content-type": "application/json",
  };
  const call = async (method: "POST" | "PUT", path: string, body: unknown) => {
    const res = await pool.request({
      method,
      path: `/api/v1${path}`,
      headers,
      body: JSON.stringify(body),
      headersTimeout: MIST_HTTP_DEFAULTS.timeoutMs,
      bodyTimeout: MIST_HTTP_DEFAULTS.timeoutMs,
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: HTTP ${res.statusCode}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  return { call, close: () => pool.close() };
}

/**
 * A processor for one queue: step 1 creates the site bound and sets its variables, step 2 assigns
 * its devices, every other job makes no call, as mistflow's make none for a site of a warmed org.
 * IP blocks come from a counter per region in memory (step 1 runs in this one process).
 */
export async function runFairWorker(cfg: z.infer<typeof FairWorkerChild>, ready: (line: string) => void) {
  const token = process.env[FAIR_TOKEN_ENV];
  if (!token) throw new Error(`${FAIR_TOKEN_ENV} is not set`);
  const mist = mistCaller(cfg.mistBaseUrl, token);
  const nextIndex = new Map<string, number>();
  const close = await startBenchWorker(cfg, async (job, flows) => {
    if (job.name === ROOT_JOB_NAME) return { ok: true };
    const data = job.data as { deployment_id: string; step: string } & Partial<FairRequest> & {
        site_id?: string;
        macs?: string[];
      };
    const step = data.step as Parameters<typeof attachedFlowAfter>[1];
    let sub = attachedFlowAfter(data.deployment_id, step, DEFAULT_RETRY_POLICY, cfg.prefix);
    if (step === "s01" && data.site) {
      const made = await mist.call("POST", `/orgs/${cfg.orgId}/sites`, {
        ...desiredSite(data.site),
        ...cfg.binding,
      });
      const index = nextIndex.get(data.site.region) ?? 0;
      nextIndex.set(data.site.region, index + 1);
      await mist.call("PUT", `/sites/${made.id}/setting`, {
        vars: desiredSiteVars(DEFAULT_IPAM_CONFIG, data.site.region, index, {}),
      });
      if (sub) sub = withStepData(sub, "s02", { site_id: made.id, macs: data.devices?.macs ?? [] });
    }
    if (step === "s02" && data.site_id && data.macs?.length) {
      await mist.call("PUT", `/orgs/${cfg.orgId}/inventory`, {
        op: "assign",
        site_id: data.site_id,
        macs: data.macs.map(normalizeMac),
      });
    }
    if (sub) await flows.add(sub);
    return { ok: true };
  });
  ready("");
  return async () => {
    await close();
    await mist.close();
  };
}
