import { CsvError, parse } from "csv-parse/sync";
import { checkSiteCsvHeader, type SiteRowIssue } from "./site-row";

export interface CsvRow {
  cells: Record<string, string>;
  /** The line the row starts on (a quoted cell may span several). */
  line: number;
  row: number;
}

/**
 * (Its own entry point, `@mistflow/contracts/sheets`: only processes that read sheets carry the
 * CSV parser.) CSV text as rows with their line numbers. A row with the wrong number of cells is reported and
 * parsing goes on, so every bad row is named in one answer; only a broken file (an unclosed
 * quote) stops it.
 */
export function parseSitesCsv(text: string): { rows: CsvRow[]; issues: SiteRowIssue[] } {
  let header: string[] = [];
  const skipped: Array<{ line: number; message: string }> = [];
  const issues: SiteRowIssue[] = [];
  let parsed: Array<{ record: Record<string, string>; raw: string; info: { lines: number } }>;
  try {
    parsed = parse(text, {
      bom: true,
      columns: (h: string[]) => {
        header = h.map((c) => c.trim());
        return header;
      },
      skip_empty_lines: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) skipped.push({ line: Number(err.lines), message: err.message });
        return undefined;
      },
    }) as unknown as typeof parsed;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { rows: [], issues: [{ row: 0, line: Number(e.lines) || 1, field: "csv", message: e.message }] };
  }
  issues.push(...checkSiteCsvHeader(header));
  const entries = [
    ...parsed.map((p) => ({
      line:
        p.info.lines -
        (p.raw
          .replace(/^(\r?\n)+/, "")
          .replace(/\r?\n$/, "")
          .match(/\n/g)?.length ?? 0),
      cells: p.record,
    })),
    ...skipped.map((s) => ({ line: s.line, message: s.message })),
  ].sort((a, b) => a.line - b.line);
  const rows: CsvRow[] = [];
  entries.forEach((e, i) => {
    if ("cells" in e) rows.push({ cells: e.cells, line: e.line, row: i + 1 });
    else issues.push({ row: i + 1, line: e.line, field: "csv", message: e.message });
  });
  return { rows, issues };
}
