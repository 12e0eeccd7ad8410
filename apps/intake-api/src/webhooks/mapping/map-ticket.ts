import {
  type FieldMapping,
  type FieldSource,
  type MappedField,
  REQUIRED_MAPPED_FIELDS,
} from "@mistflow/contracts";
import type { FieldIssue } from "../../errors";
import { readPath } from "./ticket-path";

const LIST_FIELDS = new Set<string>(["devices.claim_codes", "devices.macs", "devices.serials"]);
const NUMBER_FIELDS = new Set<string>(["site.latlng.lat", "site.latlng.lng"]);

export type MappedTicket = { ok: true; input: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

/** Where a deployment field comes from, as people configured it. */
export const describeSource = (source: FieldSource | undefined): string =>
  source === undefined
    ? "no mapping"
    : typeof source === "string"
      ? `ticket field ${source}`
      : "path" in source
        ? `ticket field ${source.path}`
        : "a constant";

const resolve = (source: FieldSource, ticket: unknown): unknown => {
  if (typeof source === "string") return readPath(ticket, source);
  if ("const" in source) return source.const;
  const value = readPath(ticket, source.path);
  return isEmpty(value) ? source.default : value;
};

const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (typeof v === "string" && v.trim() === "") ||
  (Array.isArray(v) && v.length === 0);

/** Jira select options and ServiceNow references arrive as `{value: …}`; the value is what counts. */
const scalar = (v: unknown): unknown => {
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const { value, name } = v as { value?: unknown; name?: unknown };
    if (typeof value === "string") return value.trim();
    if (typeof name === "string") return name.trim();
  }
  return v;
};

/** Claim codes typed into a text field ("A, B" or one per line) or a multi-value field. */
const list = (v: unknown): unknown =>
  typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : Array.isArray(v) ? v.map(scalar) : v;

const number = (v: unknown): unknown =>
  typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v;

const coerce = (field: string, v: unknown): unknown =>
  LIST_FIELDS.has(field) ? list(v) : NUMBER_FIELDS.has(field) ? number(v) : scalar(v);

const setPath = (target: Record<string, unknown>, field: string, value: unknown) => {
  const parts = field.startsWith("vars.") ? ["vars", field.slice(5)] : field.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) as string] = value;
};

/**
 * Builds the deployment request body a ticket describes, per the source's mapping. Required
 * fields that come out empty are all reported at once; values are validated afterwards by the
 * request schema, exactly as a `POST /v1/deployments` body would be.
 */
export function mapTicket(mapping: FieldMapping, ticket: unknown): MappedTicket {
  const input: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const [field, source] of Object.entries(mapping)) {
    const value = resolve(source, ticket);
    if (isEmpty(value)) continue;
    setPath(input, field, coerce(field, value));
  }
  for (const field of REQUIRED_MAPPED_FIELDS) {
    const source = mapping[field];
    if (source === undefined || isEmpty(resolve(source, ticket))) {
      issues.push({ field, message: `${describeSource(source)} is missing or empty` });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, input };
}

/** The mapping entry a request field (`site.timezone`, `devices.claim_codes[0]`, `vars.x`) came from. */
export function sourceOfField(mapping: FieldMapping, field: string): FieldSource | undefined {
  const candidates = Object.keys(mapping) as MappedField[];
  const match = candidates
    .filter((k) => field === k || field.startsWith(`${k}.`) || field.startsWith(`${k}[`))
    .sort((a, b) => b.length - a.length)[0];
  return match ? mapping[match] : undefined;
}
