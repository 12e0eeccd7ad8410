/** One line of the summary table: what was measured against what the issue asked for. */
export interface SummaryRow {
  metric: string;
  measured: string;
  target: string;
  /** undefined where the figure is recorded without a target (e.g. RSS). */
  met: boolean | undefined;
}

/** What every benchmark module hands back: its own tables, its summary lines and raw figures for JSON. */
export interface BenchOutcome<T = unknown> {
  name: string;
  title: string;
  /** Markdown lines: one or more tables with a caption. */
  lines: string[];
  summary: SummaryRow[];
  seconds: number;
  data: T;
}

/** A GitHub-flavoured markdown table; numeric-looking columns are right-aligned. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string[] {
  const cells = rows.map((r) => r.map(String));
  const numeric = header.map(
    (_, i) => cells.length > 0 && cells.every((r) => /^[-+0-9.,%×x <≤≥]*$/.test(r[i] ?? "")),
  );
  const rule = header.map((_, i) => (numeric[i] ? "---:" : "---"));
  const line = (r: string[]) => `| ${r.join(" | ")} |`;
  return [line(header), line(rule), ...cells.map(line)];
}

export const fixed = (n: number, digits = 1): string =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "-";

export const int = (n: number): string => Math.round(n).toLocaleString("en-US");

export const pct = (ratio: number): string => `${fixed(ratio * 100, 1)}%`;

export const kib = (bytes: number): string => `${fixed(bytes / 1024, 1)} KiB`;

export const mib = (bytes: number): string => `${fixed(bytes / 2 ** 20, 1)} MiB`;

export function summaryTable(rows: SummaryRow[]): string[] {
  const met = (m: boolean | undefined) => (m === undefined ? "-" : m ? "yes" : "**no**");
  return markdownTable(
    ["metric", "measured", "target", "met?"],
    rows.map((r) => [r.metric, r.measured, r.target, met(r.met)]),
  );
}
