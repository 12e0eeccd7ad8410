import type { z } from "zod";
import { DeploymentRequest, type DeploymentRequestInput } from "../deployment/request";

/**
 * The CSV form of a deployment request, one site per row. Columns map onto `DeploymentRequest`:
 *
 * | column                          | request field                  |
 * | ------------------------------- | ------------------------------ |
 * | `site_name`                     | `site.name`                    |
 * | `address`                       | `site.address`                 |
 * | `country_code`                  | `site.country_code`            |
 * | `timezone`                      | `site.timezone`                |
 * | `region` (or `zone`)            | `site.region` (the IPAM zone)  |
 * | `lat`, `lng`                    | `site.latlng` (both or neither)|
 * | `notes`                         | `site.notes`                   |
 * | `org_id`, `blueprint`           | same; default from the caller  |
 * | `claim_codes`, `macs`, `serials`| `devices.*`, `;`-separated     |
 * | `var.<name>`                    | `vars.<name>`                  |
 *
 * Empty cells count as absent, so one sheet can mix sites with and without a column's value.
 */
export const SITE_CSV_COLUMNS = [
  "site_name",
  "address",
  "country_code",
  "timezone",
  "region",
  "zone",
  "lat",
  "lng",
  "notes",
  "org_id",
  "blueprint",
  "claim_codes",
  "macs",
  "serials",
] as const;

const VAR_PREFIX = "var.";

/** What a CSV row's problem names: its line in the file, and the column (or field) at fault. */
export interface SiteRowIssue {
  /** 1-based position among the data rows. */
  row: number;
  /** 1-based line of the file the row is on, when it came from a file. */
  line?: number;
  field: string;
  message: string;
}

export interface SiteRowDefaults {
  org_id?: string | undefined;
  blueprint?: string | undefined;
}

const list = (cell: string | undefined): string[] | undefined => {
  const items = (cell ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
};

const present = (cell: string | undefined): string | undefined => {
  const v = cell?.trim();
  return v ? v : undefined;
};

/** Header problems are the file's, not a row's: reported once, on line 1. */
export function checkSiteCsvHeader(columns: readonly string[]): SiteRowIssue[] {
  const known = new Set<string>(SITE_CSV_COLUMNS);
  const issues: SiteRowIssue[] = [];
  for (const c of columns) {
    if (known.has(c) || (c.startsWith(VAR_PREFIX) && c.length > VAR_PREFIX.length)) continue;
    issues.push({
      row: 0,
      line: 1,
      field: c,
      message: `unknown column (known: ${SITE_CSV_COLUMNS.join(", ")}, var.<name>)`,
    });
  }
  if (!columns.includes("site_name"))
    issues.push({ row: 0, line: 1, field: "site_name", message: "column is required" });
  return issues;
}

/** A row as the request it stands for; validation is `DeploymentRequest`'s, as for JSON. */
export function siteRowToRequest(
  cells: Readonly<Record<string, string>>,
  defaults: SiteRowDefaults = {},
): DeploymentRequestInput {
  const lat = present(cells.lat);
  const lng = present(cells.lng);
  const vars: Record<string, string> = {};
  for (const [column, value] of Object.entries(cells)) {
    if (column.startsWith(VAR_PREFIX) && present(value) !== undefined)
      vars[column.slice(VAR_PREFIX.length)] = value.trim();
  }
  const devices = {
    ...(list(cells.claim_codes) ? { claim_codes: list(cells.claim_codes) } : {}),
    ...(list(cells.macs) ? { macs: list(cells.macs) } : {}),
    ...(list(cells.serials) ? { serials: list(cells.serials) } : {}),
  };
  const notes = present(cells.notes);
  // Numbers stay strings when they are not numbers, so the schema names the column.
  const num = (v: string) => (Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number));
  return {
    org_id: present(cells.org_id) ?? defaults.org_id ?? "",
    site: {
      name: cells.site_name ?? "",
      address: cells.address ?? "",
      timezone: cells.timezone?.trim() ?? "",
      country_code: cells.country_code?.trim() ?? "",
      region: present(cells.region) ?? present(cells.zone) ?? "",
      ...(lat !== undefined || lng !== undefined
        ? { latlng: { lat: num(lat ?? ""), lng: num(lng ?? "") } }
        : {}),
      ...(notes ? { notes } : {}),
    },
    blueprint: present(cells.blueprint) ?? defaults.blueprint ?? "",
    devices,
    vars,
  };
}

/** The CSV column a request field came from, so a message points at the sheet, not the JSON. */
export function columnOf(path: readonly PropertyKey[], cells: Readonly<Record<string, string>>): string {
  const [head, second, third] = path.map(String);
  if (head === "site") {
    if (second === "name") return "site_name";
    if (second === "region") return "region" in cells || !("zone" in cells) ? "region" : "zone";
    if (second === "latlng") return third === "lng" ? "lng" : "lat";
    return second ?? "site";
  }
  if (head === "devices") return second ?? "devices";
  if (head === "vars") return second ? `${VAR_PREFIX}${second}` : "vars";
  return head ?? "row";
}

const message = (issue: z.core.$ZodIssue): string => {
  if (issue.code === "invalid_type" && /received (undefined|string)/.test(issue.message)) {
    return issue.path.at(-1) === "lat" || issue.path.at(-1) === "lng" ? "must be a number" : "is required";
  }
  // A bad `var.<name>` column is a bad record key: the key's own rule says why.
  if (issue.code === "invalid_key") return issue.issues[0]?.message ?? issue.message;
  return issue.message;
};

export interface ValidatedRow {
  row: number;
  line?: number;
  request: DeploymentRequest;
}

/**
 * Every row checked, every problem kept: a sheet of 1,000 sites is fixed in one pass, not one
 * error at a time. Two rows naming the same site would be one deployment, so the later is an error.
 */
export function validateSiteRows(
  rows: ReadonlyArray<{ cells: Readonly<Record<string, string>>; line?: number; row?: number }>,
  defaults: SiteRowDefaults = {},
): { valid: ValidatedRow[]; issues: SiteRowIssue[] } {
  const valid: ValidatedRow[] = [];
  const issues: SiteRowIssue[] = [];
  const seen = new Map<string, number>();
  rows.forEach(({ cells, line, row: at }, i) => {
    const row = at ?? i + 1;
    const where = { row, ...(line !== undefined ? { line } : {}) };
    const parsed = DeploymentRequest.safeParse(siteRowToRequest(cells, defaults));
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ ...where, field: columnOf(issue.path, cells), message: message(issue) });
      return;
    }
    const key = `${parsed.data.org_id}\n${parsed.data.site.name.toLowerCase()}\n${parsed.data.blueprint}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const ref = line !== undefined ? `line ${first}` : `row ${first}`;
      issues.push({ ...where, field: "site_name", message: `same site as ${ref}` });
      return;
    }
    seen.set(key, line ?? row);
    valid.push({ ...where, request: parsed.data });
  });
  return { valid, issues };
}
