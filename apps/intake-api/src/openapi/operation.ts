import type { z } from "zod";

/** Who may call an operation when API keys are configured (without keys the API is open). */
export type Access = "public" | "read" | "deployments:write" | "admin" | "webhook";

export interface ResponseSpec {
  description: string;
  /** A named schema (see `named`), or none for an empty or non-JSON body. */
  schema?: z.ZodType;
  /** Default `application/json`. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ParamSpec {
  name: string;
  in: "path" | "query" | "header";
  description: string;
  required?: boolean;
  schema: z.ZodType;
}

/**
 * One public operation, declared beside the others of its route module (`operations/*.ts`) and
 * pointing at the same zod schemas the handlers validate with, so the document cannot drift from
 * what the API accepts.
 */
export interface OperationSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI form: `/v1/deployments/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: ParamSpec[];
  body?: { schema: z.ZodType; description?: string; contentType?: string };
  responses: Record<number, ResponseSpec>;
}
