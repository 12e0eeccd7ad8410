import { ImportRequest, ImportView } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { ImportSummary } from "../schemas";
import { ERRORS } from "./errors";

export const importOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/imports",
    operationId: "importOrg",
    summary:
      "Import a hand-built Mist org with GETs only: a blueprint per template family, an adoption per site, its existing prefixes reserved in IPAM",
    tag: "imports",
    access: "admin",
    body: { schema: ImportRequest },
    responses: {
      200: { description: "dry run: what an import would produce, nothing recorded", schema: ImportView },
      201: { description: "imported: adoptions and IPAM reservations recorded", schema: ImportView },
      400: ERRORS[400],
      401: ERRORS[401],
      403: ERRORS[403],
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/imports",
    operationId: "listImports",
    summary: "Recent imports",
    tag: "imports",
    access: "read",
    params: [
      { name: "limit", in: "query", description: "1-500, default 50", schema: z.coerce.number().int() },
    ],
    responses: { 200: { description: "newest first", schema: z.array(ImportSummary) }, 503: ERRORS[503] },
  },
  {
    method: "get",
    path: "/v1/imports/{id}",
    operationId: "getImport",
    summary: "An import: its blueprints (YAML), adoptions and warnings",
    tag: "imports",
    access: "read",
    params: [{ name: "id", in: "path", required: true, description: "import id", schema: z.string() }],
    responses: { 200: { description: "the import", schema: ImportView }, 404: ERRORS[404], 503: ERRORS[503] },
  },
];
