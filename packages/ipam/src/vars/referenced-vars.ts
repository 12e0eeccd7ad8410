/** Mist's `{{ name }}` reference; spaces inside the braces are tolerated as Mist does. */
const REFERENCE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Every site variable a JSON value (a template, a blueprint object) references, including in object
 * keys. Non-JSON leaves (numbers, booleans, null) are ignored; shared or cyclic objects are visited once.
 * @example referencedVars({ vlans: ["{{ data_vlan }}"] }) // Set { "data_vlan" }
 */
export function referencedVars(value: unknown): Set<string> {
  const found = new Set<string>();
  const seen = new Set<object>();
  const scan = (text: string) => {
    for (const match of text.matchAll(REFERENCE)) if (match[1]) found.add(match[1]);
  };
  const walk = (v: unknown): void => {
    if (typeof v === "string") scan(v);
    else if (v && typeof v === "object" && !seen.has(v)) {
      seen.add(v);
      if (Array.isArray(v)) v.forEach(walk);
      else {
        for (const [key, child] of Object.entries(v)) {
          scan(key);
          walk(child);
        }
      }
    }
  };
  walk(value);
  return found;
}

/**
 * The references of an object, walked once per object: the gate runs for every site against the
 * same cached blueprint, whose walk was a visible share of a site's CPU (docs/benchmarks.md,
 * "Fair overhead"). Only for values nobody mutates after the first look (parsed blueprints).
 */
const walked = new WeakMap<object, ReadonlySet<string>>();
function referencedOnce(value: unknown): ReadonlySet<string> {
  if (!value || typeof value !== "object") return referencedVars(value);
  let refs = walked.get(value);
  if (!refs) {
    refs = referencedVars(value);
    walked.set(value, refs);
  }
  return refs;
}

/**
 * Referenced variables that `vars` does not define, sorted: what would reach Mist as a literal
 * `{{name}}` and break the device config.
 */
export function missingVars(
  value: unknown,
  vars: Readonly<Record<string, unknown>> | ReadonlySet<string>,
): string[] {
  const has = vars instanceof Set ? (n: string) => vars.has(n) : (n: string) => Object.hasOwn(vars, n);
  return [...referencedOnce(value)].filter((n) => !has(n)).sort();
}
