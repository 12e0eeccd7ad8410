/** Label values as the Prometheus text format requires: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export type Labels = Readonly<Record<string, string>>;

/**
 * One series as it appears on a sample line, e.g. `mistflow_deployments_total{outcome="failed"}`.
 * Label names are sorted so the same series always has the same key (it is a Redis hash field).
 */
export function seriesKey(name: string, labels: Labels = {}): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return name;
  return `${name}{${names.map((n) => `${n}="${escapeLabelValue(labels[n] ?? "")}"`).join(",")}}`;
}
