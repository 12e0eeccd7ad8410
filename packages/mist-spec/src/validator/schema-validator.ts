/**
 * A validator for the subset of OpenAPI 3.1 / JSON Schema that the Mist spec uses: `$ref`, `type`
 * (string or array), `nullable` (3.0 style, still used by the spec), `enum`, `const`, `properties`,
 * `required`, `additionalProperties`, `items`, `allOf`/`anyOf`/`oneOf`, `format: uuid`, and the
 * length/range/size keywords. Other formats and keywords are ignored.
 *
 * Our own code (not generated). Every issue carries the JSON path of the mismatch, e.g.
 * `$.results[0]["ap-availability"]`, so a failing contract test or blueprint lint points at the
 * field. The lint options (site variables, IP formats, unknown properties) are off by default: the
 * contract test checks Mist's answers, where none of them applies.
 */
import { isIPv4, isIPv6 } from "node:net";
import { closestName } from "./closest-name";
import { hasSiteVariable } from "./site-variables";

export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface SchemaIssue {
  /** JSON path of the offending value, `$` being the whole document. */
  path: string;
  message: string;
  /** Absent: an error. `warning`: reported, but Mist would accept the value (an unknown property). */
  severity?: "warning";
}

export interface ValidatorOptions {
  /**
   * JSON Schema says a value must match exactly one `oneOf` branch. The Mist spec's branches overlap
   * (objects without `additionalProperties: false` accept each other's bodies), so by default a
   * `oneOf` passes when at least one branch matches. Set true for the strict reading.
   */
  strictOneOf?: boolean;
  /**
   * A string holding a Mist site variable (`{{name}}`) passes wherever a string, number or integer
   * is expected, whatever its format, pattern or enum: Mist resolves it per site first.
   */
  siteVariables?: boolean;
  /** Check `format: ipv4` and `format: ipv6` (off for responses, which may carry `""`). */
  ipFormats?: boolean;
  /**
   * Report properties no schema declares as warnings, with the closest declared name. Mist keeps
   * or ignores unknown fields, so a misspelling is silent there; this is the only place it shows.
   */
  unknownProperties?: boolean;
}

/** What an object schema declares, through `$ref` and `allOf`, and the matching `oneOf`/`anyOf` branches. */
interface DeclaredNames {
  names: Set<string>;
  /** additionalProperties (true or a schema) or patternProperties somewhere: any name is fine. */
  open: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

type SchemaObject = { [keyword: string]: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(type: string, value: unknown): boolean {
  const actual = jsonType(value);
  if (type === "number") return actual === "number" || actual === "integer";
  return type === actual;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Deep equality for JSON values (enum, const, uniqueItems). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

const isError = (issue: SchemaIssue): boolean => issue.severity !== "warning";

function decodePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
}

export class SchemaValidator {
  private readonly patterns = new Map<string, RegExp | null>();

  constructor(
    /** The document `$ref`s point into (the parsed OpenAPI file). */
    private readonly root: unknown,
    private readonly options: ValidatorOptions = {},
  ) {}

  /** All mismatches of `value` against `schema`; empty when it conforms. */
  validate(schema: JsonSchema, value: unknown, path = "$"): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    this.check(schema, value, path, issues, false);
    return issues;
  }

  /** `inner`: the same value seen through a `$ref` or combinator, whose unknown names were already judged. */
  private branch(schema: JsonSchema, value: unknown, path: string): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    this.check(schema, value, path, issues, true);
    return issues;
  }

  /** Resolve a local `$ref` such as `#/components/schemas/site`. */
  resolve(ref: string): JsonSchema {
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
    let node: unknown = this.root;
    for (const segment of ref.slice(2).split("/")) {
      if (!isObject(node)) throw new Error(`unresolvable $ref ${ref}`);
      node = node[decodePointer(segment)];
    }
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return node as JsonSchema;
  }

  private check(
    schema: JsonSchema,
    value: unknown,
    path: string,
    issues: SchemaIssue[],
    inner: boolean,
  ): void {
    if (schema === true) return;
    if (schema === false) {
      issues.push({ path, message: "no value is allowed here" });
      return;
    }
    if (value === null && this.allowsNull(schema)) return;
    if (this.options.siteVariables && hasSiteVariable(value) && this.acceptsScalar(schema, 0)) return;
    if (typeof schema.$ref === "string") this.check(this.resolve(schema.$ref), value, path, issues, true);

    if (!this.checkType(schema, value, path, issues)) return;
    if (this.options.unknownProperties && !inner && isObject(value))
      this.checkNames(schema, value, path, issues);
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => jsonEqual(e, value))) {
      issues.push({ path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}` });
    }
    if ("const" in schema && !jsonEqual(schema.const, value)) {
      issues.push({ path, message: `expected ${JSON.stringify(schema.const)}` });
    }
    if (typeof value === "string") this.checkString(schema, value, path, issues);
    else if (typeof value === "number") this.checkNumber(schema, value, path, issues);
    else if (Array.isArray(value)) this.checkArray(schema, value, path, issues);
    else if (isObject(value)) this.checkObject(schema, value, path, issues);
    this.checkCombinators(schema, value, path, issues);
  }

  /** Could a site variable stand here: some branch wants a string, number or integer (or anything). */
  private acceptsScalar(schema: JsonSchema, depth: number): boolean {
    if (schema === true) return true;
    if (schema === false || depth > 20) return false;
    if (typeof schema.$ref === "string") return this.acceptsScalar(this.resolve(schema.$ref), depth + 1);
    const types = typeof schema.type === "string" ? [schema.type] : schema.type;
    if (Array.isArray(types) && types.length > 0)
      return types.some((t) => t === "string" || t === "number" || t === "integer");
    const branches = [schema.oneOf, schema.anyOf].filter(Array.isArray).flat() as JsonSchema[];
    if (branches.length > 0) return branches.some((b) => this.acceptsScalar(b, depth + 1));
    if (Array.isArray(schema.allOf))
      return (schema.allOf as JsonSchema[]).every((b) => this.acceptsScalar(b, depth + 1));
    return !isObject(schema.properties) && schema.items === undefined;
  }

  private checkNames(
    schema: JsonSchema,
    value: Record<string, unknown>,
    path: string,
    issues: SchemaIssue[],
  ): void {
    const declared: DeclaredNames = { names: new Set(), open: false };
    this.declaredNames(schema, value, path, declared, 0);
    if (declared.open || declared.names.size === 0) return;
    for (const key of Object.keys(value)) {
      if (declared.names.has(key)) continue;
      const near = closestName(key, declared.names);
      issues.push({
        path: childPath(path, key),
        message: `unknown property \`${key}\`${near ? ` — did you mean \`${near}\`?` : ""}`,
        severity: "warning",
      });
    }
  }

  private declaredNames(
    schema: JsonSchema,
    value: Record<string, unknown>,
    path: string,
    into: DeclaredNames,
    depth: number,
  ): void {
    if (schema === true) into.open = true;
    if (typeof schema !== "object" || depth > 20) return;
    if (typeof schema.$ref === "string")
      this.declaredNames(this.resolve(schema.$ref), value, path, into, depth + 1);
    if (isObject(schema.properties)) for (const name of Object.keys(schema.properties)) into.names.add(name);
    if (schema.additionalProperties === true || isObject(schema.additionalProperties)) into.open = true;
    if (isObject(schema.patternProperties)) into.open = true;
    if (Array.isArray(schema.allOf))
      for (const sub of schema.allOf) this.declaredNames(sub as JsonSchema, value, path, into, depth + 1);
    for (const keyword of ["anyOf", "oneOf"] as const) {
      const branches = schema[keyword];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      // Only the branches this value fits: a gateway profile is not excused by an AP profile's fields.
      const fitting = branches.filter((b) => !this.branch(b as JsonSchema, value, path).some(isError));
      for (const b of fitting.length > 0 ? fitting : branches)
        this.declaredNames(b as JsonSchema, value, path, into, depth + 1);
    }
  }

  /** `nullable: true`, a type list containing "null", or a `$ref` to such a schema. */
  private allowsNull(schema: SchemaObject): boolean {
    if (schema.nullable === true) return true;
    if (Array.isArray(schema.type) && schema.type.includes("null")) return true;
    if (schema.type === "null") return true;
    if (typeof schema.$ref === "string") {
      const target = this.resolve(schema.$ref);
      return target === true || (typeof target === "object" && this.allowsNull(target));
    }
    return false;
  }

  private checkType(schema: SchemaObject, value: unknown, path: string, issues: SchemaIssue[]): boolean {
    const types = typeof schema.type === "string" ? [schema.type] : schema.type;
    if (!Array.isArray(types) || types.length === 0) return true;
    if (types.some((t) => typeof t === "string" && typeMatches(t, value))) return true;
    issues.push({ path, message: `expected ${types.join(" | ")}, got ${jsonType(value)}` });
    return false;
  }

  private checkString(schema: SchemaObject, value: string, path: string, issues: SchemaIssue[]): void {
    if (schema.format === "uuid" && !UUID.test(value)) {
      issues.push({ path, message: `${JSON.stringify(value)} is not a uuid` });
    }
    if (this.options.ipFormats && schema.format === "ipv4" && !isIPv4(value)) {
      issues.push({ path, message: `${JSON.stringify(value)} is not an IPv4 address` });
    }
    if (this.options.ipFormats && schema.format === "ipv6" && !isIPv6(value)) {
      issues.push({ path, message: `${JSON.stringify(value)} is not an IPv6 address` });
    }
    if (typeof schema.minLength === "number" && value.length < schema.minLength) {
      issues.push({ path, message: `shorter than minLength ${schema.minLength}` });
    }
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) {
      issues.push({ path, message: `longer than maxLength ${schema.maxLength}` });
    }
    const pattern = typeof schema.pattern === "string" ? this.pattern(schema.pattern) : null;
    if (pattern && !pattern.test(value)) {
      issues.push({ path, message: `${JSON.stringify(value)} does not match ${String(schema.pattern)}` });
    }
  }

  /** Spec patterns are written for other regex engines; ones JavaScript cannot compile are skipped. */
  private pattern(source: string): RegExp | null {
    if (!this.patterns.has(source)) {
      let compiled: RegExp | null = null;
      try {
        compiled = new RegExp(source, "u");
      } catch {
        compiled = null;
      }
      this.patterns.set(source, compiled);
    }
    return this.patterns.get(source) ?? null;
  }

  private checkNumber(schema: SchemaObject, value: number, path: string, issues: SchemaIssue[]): void {
    if (typeof schema.minimum === "number" && value < schema.minimum) {
      issues.push({ path, message: `${value} is below minimum ${schema.minimum}` });
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
      issues.push({ path, message: `${value} is above maximum ${schema.maximum}` });
    }
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) {
      issues.push({ path, message: `${value} is not above ${schema.exclusiveMinimum}` });
    }
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) {
      issues.push({ path, message: `${value} is not below ${schema.exclusiveMaximum}` });
    }
  }

  private checkArray(schema: SchemaObject, value: unknown[], path: string, issues: SchemaIssue[]): void {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
      issues.push({ path, message: `fewer than minItems ${schema.minItems}` });
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
      issues.push({ path, message: `more than maxItems ${schema.maxItems}` });
    }
    if (schema.uniqueItems === true) {
      const dup = value.findIndex((v, i) => value.findIndex((w) => jsonEqual(v, w)) !== i);
      if (dup !== -1) issues.push({ path: childPath(path, dup), message: "duplicate item (uniqueItems)" });
    }
    const items = schema.items;
    if (items === true || items === false || isObject(items)) {
      value.forEach((item, i) => {
        this.check(items as JsonSchema, item, childPath(path, i), issues, false);
      });
    }
  }

  private checkObject(
    schema: SchemaObject,
    value: Record<string, unknown>,
    path: string,
    issues: SchemaIssue[],
  ): void {
    const properties = isObject(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) {
      for (const name of schema.required) {
        if (typeof name === "string" && !(name in value)) {
          issues.push({ path: childPath(path, name), message: "required property is missing" });
        }
      }
    }
    for (const [key, item] of Object.entries(value)) {
      const declared = properties[key];
      if (declared !== undefined) {
        this.check(declared as JsonSchema, item, childPath(path, key), issues, false);
      } else if (schema.additionalProperties === false) {
        issues.push({
          path: childPath(path, key),
          message: "property is not allowed (additionalProperties: false)",
        });
      } else if (isObject(schema.additionalProperties)) {
        this.check(schema.additionalProperties, item, childPath(path, key), issues, false);
      }
    }
  }

  private checkCombinators(schema: SchemaObject, value: unknown, path: string, issues: SchemaIssue[]): void {
    if (Array.isArray(schema.allOf)) {
      for (const sub of schema.allOf) this.check(sub as JsonSchema, value, path, issues, true);
    }
    for (const keyword of ["anyOf", "oneOf"] as const) {
      const branches = schema[keyword];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      const results = branches.map((b) => this.branch(b as JsonSchema, value, path));
      const errors = (r: SchemaIssue[]) => r.filter(isError).length;
      const fitting = results.filter((r) => errors(r) === 0);
      if (fitting.length === 0) {
        // Report the closest branch: its issues are the most useful explanation.
        // A branch of the value's own type explains best: "above maximum", not "expected string".
        const rank = (r: SchemaIssue[]) =>
          errors(r) + (r.some((i) => i.path === path && i.message.startsWith("expected ")) ? 0.5 : 0);
        const closest = results.reduce((best, r) => (rank(r) < rank(best) ? r : best));
        issues.push({ path, message: `matches none of the ${branches.length} ${keyword} branches` });
        issues.push(...closest);
      } else {
        // Warnings deeper down (an unknown property inside the value) come from the best fit.
        const best = fitting.reduce((a, r) => (r.length < a.length ? r : a));
        issues.push(...best);
        if (keyword === "oneOf" && fitting.length > 1 && this.options.strictOneOf) {
          issues.push({ path, message: `matches ${fitting.length} oneOf branches, expected exactly one` });
        }
      }
    }
  }
}
