import { BASIC_AUTH_DEPRECATION, REQUEST_DEPRECATIONS, type RequestDeprecation } from "./deprecated-requests";

export interface SentRequest {
  method: string;
  /** Path after `/api/v1`. */
  path: string;
  /** The parsed JSON body, when there was one. */
  body?: unknown;
  authorization?: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const templateCache = new Map<string, RegExp>();
function templateRegExp(template: string): RegExp {
  let re = templateCache.get(template);
  if (!re) {
    const source = template
      .split("/")
      .map((seg) => (/^\{[^}]+\}$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
      .join("/");
    re = new RegExp(`^${source}$`);
    templateCache.set(template, re);
  }
  return re;
}

function hasKeyAnywhere(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKeyAnywhere(v, key));
  if (!isRecord(value)) return false;
  return Object.hasOwn(value, key) || Object.values(value).some((v) => hasKeyAnywhere(v, key));
}

function hasPath(value: unknown, dotted: string): boolean {
  let current = value;
  for (const part of dotted.split(".")) {
    if (!isRecord(current) || !Object.hasOwn(current, part)) return false;
    current = current[part];
  }
  return true;
}

function uses(d: RequestDeprecation, body: unknown): boolean {
  if (d.field === undefined) return true;
  if (d.op !== undefined && (!isRecord(body) || body.op !== d.op)) return false;
  return d.field.startsWith("**.") ? hasKeyAnywhere(body, d.field.slice(3)) : hasPath(body, d.field);
}

/** Human lines, one per deprecated thing the request uses, e.g. `managed (2602.1.1; use mist_configured)`. */
export function findDeprecations(req: SentRequest): string[] {
  const found: string[] = [];
  if (/^basic\s/i.test(req.authorization ?? "")) {
    found.push(`basic auth (${BASIC_AUTH_DEPRECATION.since}; use ${BASIC_AUTH_DEPRECATION.instead})`);
  }
  const method = req.method.toUpperCase();
  for (const d of REQUEST_DEPRECATIONS) {
    if (d.method !== method || !templateRegExp(d.path).test(req.path)) continue;
    if (!uses(d, req.body)) continue;
    const what = d.field === undefined ? `${d.method} ${d.path}` : d.field.replace(/^\*\*\./, "");
    found.push(`${what} (${d.since}; use ${d.instead})`);
  }
  return found;
}
