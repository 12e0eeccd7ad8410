import {
  checkSiteCsvHeader,
  type SiteRowDefaults,
  type SiteRowIssue,
  type ValidatedRow,
  validateSiteRows,
} from "@mistflow/contracts";
import { CsvError, parse } from "csv-parse/sync";

/**
 * Every row of a sites CSV checked against the deployment contract, and every problem named by
 * its line, before anything is sent. The server checks again (blueprints, zones, conflicts).
 */
export function readSitesCsv(
  text: string,
  defaults: SiteRowDefaults,
): { valid: ValidatedRow[]; issues: SiteRowIssue[] } {
  let header: string[] = [];
  const skipped: Array<{ line: number; message: string }> = [];
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
    return { valid: [], issues: [{ row: 0, line: Number(e.lines) || 1, field: "csv", message: e.message }] };
  }
  const issues: SiteRowIssue[] = checkSiteCsvHeader(header);
  const entries = [
    ...parsed.map((p) => ({
      // info.lines is where the row ends; a quoted cell may have started it lines earlier.
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
  const rows: Array<{ cells: Record<string, string>; line: number; row: number }> = [];
  entries.forEach((e, i) => {
    if ("cells" in e) rows.push({ cells: e.cells, line: e.line, row: i + 1 });
    else issues.push({ row: i + 1, line: e.line, field: "csv", message: e.message });
  });
  const checked = validateSiteRows(rows, defaults);
  return {
    valid: checked.valid,
    issues: [...issues, ...checked.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/** `line 5: timezone: must be …`, the form every CLI report of a bad row takes. */
export const describeIssue = (i: { row: number; line?: number; field: string; message: string }) =>
  `${i.line !== undefined ? `line ${i.line}` : `row ${i.row}`}: ${i.field}: ${i.message}`;
