import type { GaugeDef, MetricDef } from "../catalog";
import { escapeLabelValue, type Labels } from "../series";
import { type ParsedSeries, parseSeries } from "./parse-series";

export interface GaugeFamily {
  def: GaugeDef;
  samples: ReadonlyArray<{ labels: Labels; value: number }>;
}

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"] as const;

/** Label pairs of an already-escaped label map, in a stable order. */
const labelText = (labels: Record<string, string>): string => {
  const names = Object.keys(labels).sort();
  return names.length === 0 ? "" : `{${names.map((n) => `${n}="${labels[n]}"`).join(",")}}`;
};

const formatValue = (v: number): string =>
  Number.isFinite(v) ? String(Number.isInteger(v) ? v : Number(v.toPrecision(15))) : v > 0 ? "+Inf" : "-Inf";

const header = (def: MetricDef) => [`# HELP ${def.name} ${def.help}`, `# TYPE ${def.name} ${def.type}`];

/** `le` last among a bucket's labels, as Prometheus clients print it. */
function bucketLine(s: ParsedSeries, value: string): string {
  const { le, ...rest } = s.labels;
  const others = labelText(rest);
  const inner = others === "" ? "" : `${others.slice(1, -1)},`;
  return `${s.name}{${inner}le="${le}"} ${value}`;
}

/**
 * Prometheus text (0.0.4) for the totals every process flushed to the metrics hash plus gauges
 * read at scrape time. Each family is printed once, with HELP and TYPE, and only families in
 * `defs` are printed (a field from a newer version of the code is left for that version).
 */
export function renderPrometheus(
  defs: readonly MetricDef[],
  recorded: Readonly<Record<string, string>>,
  gauges: readonly GaugeFamily[] = [],
): string {
  const byFamily = new Map<string, Array<{ s: ParsedSeries; value: string }>>();
  const histograms = new Set(defs.filter((d) => d.type === "histogram").map((d) => d.name));
  for (const [field, value] of Object.entries(recorded)) {
    const s = parseSeries(field);
    if (!s) continue;
    const suffix = HISTOGRAM_SUFFIXES.find((x) => s.name.endsWith(x));
    const family =
      suffix && histograms.has(s.name.slice(0, -suffix.length)) ? s.name.slice(0, -suffix.length) : s.name;
    const list = byFamily.get(family) ?? [];
    list.push({ s, value: formatValue(Number(value)) });
    byFamily.set(family, list);
  }

  const out: string[] = [];
  for (const def of defs) {
    if (def.type === "gauge") continue;
    out.push(...header(def));
    const samples = byFamily.get(def.name) ?? [];
    if (def.type === "counter") {
      samples.sort((a, b) => labelText(a.s.labels).localeCompare(labelText(b.s.labels)));
      for (const { s, value } of samples) out.push(`${s.name}${labelText(s.labels)} ${value}`);
      continue;
    }
    // A histogram: per label set, buckets by bound (+Inf last), then _sum and _count.
    const groups = new Map<string, Array<{ s: ParsedSeries; value: string }>>();
    for (const x of samples) {
      const { le: _le, ...rest } = x.s.labels;
      const k = labelText(rest);
      groups.set(k, [...(groups.get(k) ?? []), x]);
    }
    for (const k of [...groups.keys()].sort()) {
      const g = groups.get(k) ?? [];
      const bound = (x: { s: ParsedSeries }) => (x.s.labels.le === "+Inf" ? Infinity : Number(x.s.labels.le));
      const buckets = g.filter((x) => x.s.name === `${def.name}_bucket`).sort((a, b) => bound(a) - bound(b));
      for (const b of buckets) out.push(bucketLine(b.s, b.value));
      for (const suffix of ["_sum", "_count"]) {
        const x = g.find((y) => y.s.name === `${def.name}${suffix}`);
        if (x) out.push(`${x.s.name}${k} ${x.value}`);
      }
    }
  }
  for (const { def, samples } of gauges) {
    out.push(...header(def));
    for (const { labels, value } of samples) {
      const escaped = Object.fromEntries(Object.entries(labels).map(([n, v]) => [n, escapeLabelValue(v)]));
      out.push(`${def.name}${labelText(escaped)} ${formatValue(value)}`);
    }
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/**
 * Joins exposition texts (e.g. one per BullMQ queue) so that each family appears once and its
 * lines stay together, as the text format requires; repeated HELP/TYPE lines are dropped.
 */
export function mergeExposition(texts: readonly string[]): string {
  const families = new Map<string, { meta: string[]; samples: string[] }>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) {
      f = { meta: [], samples: [] };
      families.set(name, f);
    }
    return f;
  };
  for (const line of texts.join("\n").split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
    if (meta) {
      const f = family(meta[2] as string);
      if (!f.meta.some((m) => m.startsWith(`# ${meta[1]} `))) f.meta.push(line);
      continue;
    }
    if (line.startsWith("#")) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (name) family(name).samples.push(line);
  }
  const out = [...families.values()].flatMap((f) => [...f.meta, ...f.samples]);
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
