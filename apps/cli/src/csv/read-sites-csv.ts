import {
  type SiteRowDefaults,
  type SiteRowIssue,
  type ValidatedRow,
  validateSiteRows,
} from "@mistflow/contracts";
import { parseSitesCsv } from "@mistflow/contracts/sheets";

/**
 * Every row of a sites CSV checked against the deployment contract, and every problem named by
 * its line, before anything is sent. The server checks again (blueprints, zones, conflicts).
 */
export function readSitesCsv(
  text: string,
  defaults: SiteRowDefaults,
): { valid: ValidatedRow[]; issues: SiteRowIssue[] } {
  const { rows, issues } = parseSitesCsv(text);
  const checked = validateSiteRows(rows, defaults);
  return {
    valid: checked.valid,
    issues: [...issues, ...checked.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/** `line 5: timezone: must be …`, the form every CLI report of a bad row takes. */
export const describeIssue = (i: { row: number; line?: number; field: string; message: string }) =>
  `${i.line !== undefined ? `line ${i.line}` : `row ${i.row}`}: ${i.field}: ${i.message}`;
