import type { Blueprint } from "@mistflow/contracts";
import type { OpenApiDocument } from "../document";
import { type SpecUpdate, updatedDocument } from "../updates";
import { type JsonSchema, type SchemaIssue, SchemaValidator } from "../validator";
import { BLUEPRINT_OPERATIONS, blueprintBodies, type LintedBody } from "./blueprint-objects";

/** One finding, at its path in the blueprint (`blueprint.wlans[0].auth.type`). */
export interface LintIssue {
  path: string;
  message: string;
}

export interface LintReport {
  /** Type, enum, format and range mismatches: Mist would refuse the body. */
  errors: LintIssue[];
  /** Unknown properties: Mist would ignore them, which is rarely what the author meant. */
  warnings: LintIssue[];
}

export interface LoadedSpec {
  path: string;
  /** `info.version` of the file. */
  version: string;
  /** The dated spec updates this file needed. */
  updates: readonly SpecUpdate[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `application/json` request schema of each operation, by operationId. */
function requestSchemas(doc: OpenApiDocument, operationIds: ReadonlySet<string>): Map<string, JsonSchema> {
  const found = new Map<string, JsonSchema>();
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item)) {
      if (!isRecord(operation) || typeof operation.operationId !== "string") continue;
      if (!operationIds.has(operation.operationId)) continue;
      let body = operation.requestBody;
      if (isRecord(body) && typeof body.$ref === "string") {
        const name = body.$ref.split("/").pop() as string;
        body = doc.components.requestBodies?.[name];
      }
      const content = isRecord(body) && isRecord(body.content) ? body.content : {};
      const json = content["application/json"];
      if (isRecord(json) && json.schema !== undefined)
        found.set(operation.operationId, json.schema as JsonSchema);
    }
  }
  return found;
}

/** Descriptions and examples are most of the document and no part of a check. */
function withoutProse(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutProse);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "description" || k === "example" || k === "examples") continue;
    out[k] = withoutProse(v);
  }
  return out;
}

/**
 * Blueprint lint against Mist's own request schemas: every object body a deployment will send is
 * validated against the operation that sends it (docs/blueprint-lint.md). Built once per spec
 * file; `lint` is pure and cheap enough per request, and callers cache by blueprint digest.
 */
export class BlueprintLinter {
  private readonly validator: SchemaValidator;
  private readonly schemas: Map<string, JsonSchema>;
  readonly spec: LoadedSpec;

  constructor(doc: OpenApiDocument, path: string) {
    const wanted = new Set<string>(BLUEPRINT_OPERATIONS);
    const schemas = requestSchemas(doc, wanted);
    const missing = [...wanted].filter((id) => !schemas.has(id));
    if (missing.length > 0)
      throw new Error(`${path}: the spec has no request schema for ${missing.join(", ")}`);
    // Only the schemas are kept, without prose: the parsed file is tens of megabytes.
    const slim = {
      openapi: doc.openapi,
      info: doc.info,
      paths: {},
      components: { schemas: withoutProse(doc.components.schemas) as Record<string, unknown> },
    } satisfies OpenApiDocument;
    const { doc: updated, applied } = updatedDocument(slim);
    this.schemas = schemas;
    this.validator = new SchemaValidator(updated, {
      siteVariables: true,
      ipFormats: true,
      unknownProperties: true,
    });
    this.spec = { path, version: doc.info.version, updates: applied };
  }

  lint(bp: Blueprint): LintReport {
    const report: LintReport = { errors: [], warnings: [] };
    for (const item of blueprintBodies(bp)) {
      const schema = this.schemas.get(item.operationId) as JsonSchema;
      for (const issue of this.validator.validate(schema, item.body, item.path)) {
        const found = { path: blueprintPath(item, issue), message: issue.message };
        (issue.severity === "warning" ? report.warnings : report.errors).push(found);
      }
    }
    return report;
  }
}

/** A body path in the blueprint's own terms: resolved fields get back the name the author wrote. */
function blueprintPath(item: LintedBody, issue: SchemaIssue): string {
  for (const [bodyField, blueprintField] of Object.entries(item.renamed ?? {})) {
    const prefix = `${item.path}.${bodyField}`;
    if (issue.path === prefix || issue.path.startsWith(`${prefix}[`) || issue.path.startsWith(`${prefix}.`))
      return `${item.path}.${blueprintField}${issue.path.slice(prefix.length)}`;
  }
  return issue.path;
}
