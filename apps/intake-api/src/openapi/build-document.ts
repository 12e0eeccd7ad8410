import { z } from "zod";
import { INPUT_SCHEMAS, OUTPUT_SCHEMAS } from "./named-schemas";
import type { Access, OperationSpec } from "./operation";

type Json = Record<string, unknown>;
const REF = (id: string) => `#/components/schemas/${id}`;

const SECURITY_SCHEMES = {
  ApiKey: {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description:
      "An API key (API_KEYS_FILE / MISTFLOW_API_KEYS) with the scope the operation lists: admin implies all, deployments:write implies read. Without configured keys the API is open.",
  },
  Bearer: {
    type: "http",
    scheme: "bearer",
    description: "The same API key as `Authorization: Bearer <key>`.",
  },
  AdminBasic: {
    type: "http",
    scheme: "basic",
    description: "Admin credentials (BOARD_USERNAME / BOARD_PASSWORD), or an admin API key as the password.",
  },
};

const securityFor = (access: Access): Json[] => {
  if (access === "public" || access === "webhook") return [];
  const keys = [{ ApiKey: [access] }, { Bearer: [access] }];
  return access === "admin" ? [...keys, { AdminBasic: [] }] : keys;
};

/** JSON Schema 2020-12, which OpenAPI 3.1 uses as is; `$schema`/`$id` go, the document is the base. */
const clean = (schema: Json): Json => {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
};

const OPTIONS = { target: "draft-2020-12", unrepresentable: "any", uri: REF } as const;

/**
 * The OpenAPI 3.1 document of the given operations, with every schema generated from the zod
 * schemas the handlers validate with. Named schemas become components; a schema an operation
 * uses without a name gets one from the operation (`listDeployments200`).
 * @throws Error when two schemas would share a component name
 */
export function buildOpenApiDocument(operations: readonly OperationSpec[], info: { version: string }): Json {
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  const named = new Map<z.ZodType, string>();
  const add = (registry: typeof inputs, id: string, schema: z.ZodType) => {
    const known = named.get(schema);
    if (known) return known;
    if ([...named.values()].includes(id)) throw new Error(`two schemas are named ${id}`);
    registry.add(schema, { id });
    named.set(schema, id);
    return id;
  };
  for (const [id, s] of Object.entries(INPUT_SCHEMAS)) add(inputs, id, s);
  for (const [id, s] of Object.entries(OUTPUT_SCHEMAS)) add(outputs, id, s);

  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const responses: Record<string, Json> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const content = r.schema
        ? {
            [r.contentType ?? "application/json"]: {
              schema: { $ref: REF(add(outputs, `${op.operationId}${status}`, r.schema)) },
            },
          }
        : r.contentType
          ? { [r.contentType]: {} }
          : undefined;
      responses[status] = {
        description: r.description,
        ...(content ? { content } : {}),
        ...(r.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(r.headers).map(([h, d]) => [
                  h,
                  { description: d, schema: { type: "string" } },
                ]),
              ),
            }
          : {}),
      };
    }
    const operation: Json = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      security: securityFor(op.access),
      ...(op.params?.length
        ? {
            parameters: op.params.map((p) => ({
              name: p.name,
              in: p.in,
              description: p.description,
              required: p.in === "path" ? true : (p.required ?? false),
              schema: clean(z.toJSONSchema(p.schema, { ...OPTIONS, io: "input" }) as Json),
            })),
          }
        : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              ...(op.body.description ? { description: op.body.description } : {}),
              content: {
                [op.body.contentType ?? "application/json"]: {
                  schema: { $ref: REF(add(inputs, `${op.operationId}Body`, op.body.schema)) },
                },
              },
            },
          }
        : {}),
      responses,
    };
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is declared twice`);
    item[op.method] = operation;
  }

  const schemas: Record<string, Json> = {};
  for (const [registry, io] of [
    [inputs, "input"],
    [outputs, "output"],
  ] as const) {
    const converted = z.toJSONSchema(registry, { ...OPTIONS, io }).schemas as Record<string, Json>;
    for (const [id, s] of Object.entries(converted)) schemas[id] = clean(s);
  }

  return {
    openapi: "3.1.1",
    info: {
      title: "mistflow intake API",
      version: info.version,
      description:
        "Deploys Juniper Mist sites from blueprints: submit deployments, follow them, dry-run them, and look at the IP plan. Errors are `{error, message, issues?}` with each bad field named.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: { schemas, securitySchemes: SECURITY_SCHEMES },
  };
}
