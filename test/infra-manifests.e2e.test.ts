import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DOMAINS } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const INFRA = fileURLToPath(new URL("../infra/", import.meta.url));
const WORKER_KINDS = [...DOMAINS, "notify"];

type Doc = Record<string, unknown> & { kind?: string; apiVersion?: string; metadata?: { name?: string } };

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(f) ? [path] : [];
  });

const parse = (path: string): Doc[] =>
  parseAllDocuments(readFileSync(path, "utf8")).map((d) => {
    expect(d.errors, path).toEqual([]);
    return d.toJS() as Doc;
  });

const k8sDocs = () =>
  yamlFiles(join(INFRA, "k8s"))
    .filter((f) => !f.endsWith("kustomization.yaml"))
    .flatMap(parse)
    .filter(Boolean);

describe("infra/ manifests", () => {
  it("parse, every one of them", () => {
    const files = yamlFiles(INFRA);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) parse(f);
  });

  it("are well-formed Kubernetes objects, and every kustomization points at files that exist", () => {
    for (const doc of k8sDocs()) {
      expect(doc.apiVersion, JSON.stringify(doc).slice(0, 80)).toBeTruthy();
      expect(doc.kind).toBeTruthy();
      expect(doc.metadata?.name).toBeTruthy();
    }
    for (const k of yamlFiles(join(INFRA, "k8s")).filter((f) => f.endsWith("kustomization.yaml"))) {
      const [doc] = parse(k) as Array<{ resources?: string[] }>;
      for (const r of doc?.resources ?? []) expect(existsSync(join(dirname(k), r)), `${k}: ${r}`).toBe(true);
    }
  });

  it("run every worker kind as its own Deployment with a PodDisruptionBudget and a KEDA ScaledObject", () => {
    const docs = k8sDocs();
    const named = (kind: string) => new Set(docs.filter((d) => d.kind === kind).map((d) => d.metadata?.name));
    for (const w of WORKER_KINDS) {
      expect(named("Deployment").has(`workers-${w}`), w).toBe(true);
      expect(named("PodDisruptionBudget").has(`workers-${w}`), w).toBe(true);
      expect(named("ScaledObject").has(`workers-${w}`), w).toBe(true);
    }
    const api = docs.find((d) => d.kind === "Deployment" && d.metadata?.name === "intake-api");
    const text = JSON.stringify(api);
    expect(text).toContain('"/readyz"');
    expect(text).toContain('"/healthz"');
  });

  it("compose runs Redis with AOF and noeviction, the API, the simulator and every worker kind", () => {
    const [compose] = parse(join(INFRA, "docker-compose.yml")) as Array<{
      services: Record<string, unknown>;
    }>;
    const services = Object.keys(compose?.services ?? {});
    for (const s of ["redis", "intake-api", "mist-sim", ...WORKER_KINDS.map((w) => `workers-${w}`)])
      expect(services).toContain(s);
    const conf = readFileSync(join(INFRA, "redis.conf"), "utf8");
    expect(conf).toMatch(/^maxmemory-policy noeviction$/m);
    expect(conf).toMatch(/^appendonly yes$/m);
  });

  it("builds images in stages and runs them as a non-root user", () => {
    const dockerfile = readFileSync(join(INFRA, "Dockerfile"), "utf8");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/--prod/);
  });

  it("keeps the generated manifests in step with their sources", () => {
    expect(() =>
      execFileSync(process.execPath, [join(INFRA, "scripts/sync-k8s.mjs"), "--check"], { stdio: "pipe" }),
    ).not.toThrow();
  });
});
