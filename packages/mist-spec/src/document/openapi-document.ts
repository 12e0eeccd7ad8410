import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { JsonSchema } from "../validator";

/** The parts of an OpenAPI document the contract tests read. */
export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

/** What the spec declares for one operation and status. */
export interface DeclaredResponse {
  /** The operation exists and declares this status. */
  declared: boolean;
  operationId: string | undefined;
  /** The `application/json` body schema; undefined when the response has no body (e.g. `OK`). */
  schema: JsonSchema | undefined;
}

const cache = new Map<string, OpenApiDocument>();

/**
 * Parsed copy in the OS temp dir, keyed by path, size and mtime: YAML-parsing the 3 MB spec costs 1–3 s
 * of CPU per run, reading JSON about 50 ms. Outside the repository, so nothing derived gets committed.
 */
function diskCachePath(file: string): string {
  const { size, mtimeMs } = statSync(file);
  const key = createHash("sha256").update(`${file}|${size}|${mtimeMs}`).digest("hex").slice(0, 16);
  return join(tmpdir(), `mist-spec-openapi-${key}.json`);
}

function readCached(path: string): OpenApiDocument | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as OpenApiDocument;
  } catch {
    return undefined;
  }
}

function writeCached(path: string, doc: OpenApiDocument): void {
  try {
    // Write then rename, so a parallel reader never sees half a file.
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(doc));
    renameSync(partial, path);
  } catch {
    // The cache only saves time; a read-only temp dir is fine.
  }
}

/** Parse once per process (and once per spec version on disk); later calls return the same object. */
export function loadOpenApiDocument(
  file: string,
  /** `memo: false`: the caller keeps what it needs, so the whole document is not held here. */
  opts: { diskCache?: boolean; memo?: boolean } = {},
): OpenApiDocument {
  let doc = cache.get(file);
  if (doc) return doc;
  const cachePath = opts.diskCache === false ? undefined : diskCachePath(file);
  doc = cachePath === undefined ? undefined : readCached(cachePath);
  if (!doc?.paths) {
    doc = parse(readFileSync(file, "utf8"), { maxAliasCount: -1 }) as OpenApiDocument;
    if (!doc?.paths || !doc.components) throw new Error(`${file} is not an OpenAPI document`);
    if (cachePath !== undefined) writeCached(cachePath, doc);
  }
  if (opts.memo !== false) cache.set(file, doc);
  return doc;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follow `#/components/<kind>/<name>` references to responses (not schemas, the validator does those). */
function deref(doc: OpenApiDocument, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isRecord(current) && typeof current.$ref === "string" && hops < 10; hops++) {
    const [, , kind, name] = current.$ref.split("/");
    current = kind && name ? doc.components[kind]?.[name] : undefined;
  }
  return current;
}

/**
 * The response the spec declares for `method pathTemplate` with `status`, e.g.
 * `("/api/v1/sites/{site_id}", "get", 200)`. Falls back to a `default` response when present.
 */
export function declaredResponse(
  doc: OpenApiDocument,
  pathTemplate: string,
  method: string,
  status: number,
): DeclaredResponse {
  const operation = doc.paths[pathTemplate]?.[method.toLowerCase()];
  if (!isRecord(operation) || !isRecord(operation.responses)) {
    return { declared: false, operationId: undefined, schema: undefined };
  }
  const operationId = typeof operation.operationId === "string" ? operation.operationId : undefined;
  const raw = operation.responses[String(status)] ?? operation.responses.default;
  if (raw === undefined) return { declared: false, operationId, schema: undefined };
  const response = deref(doc, raw);
  const content = isRecord(response) && isRecord(response.content) ? response.content : {};
  const json = content["application/json"];
  const schema = isRecord(json) ? (json.schema as JsonSchema | undefined) : undefined;
  return { declared: true, operationId, schema };
}
