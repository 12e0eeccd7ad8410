import { describe, expect, it } from "vitest";
import { parseSitesCsv } from "./parse-sites-csv";

describe("parseSitesCsv", () => {
  it("keeps each row's starting line, across empty lines and quoted line breaks", () => {
    const { rows, issues } = parseSitesCsv(
      'site_name,address,notes\nA,"1 Main",x\n\nB,"2\nMain",y\nC,3,"multi\nline"\n',
    );
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.cells.site_name, r.line, r.row])).toEqual([
      ["A", 2, 1],
      ["B", 4, 2],
      ["C", 6, 3],
    ]);
  });

  it("reports a row with the wrong number of cells and goes on", () => {
    const { rows, issues } = parseSitesCsv("site_name,address\nA,1\nB,2,3\nC,4\n");
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(issues).toEqual([
      { row: 2, line: 3, field: "csv", message: expect.stringContaining("columns length is 2, got 3") },
    ]);
  });

  it("refuses a broken file and an unknown column", () => {
    expect(parseSitesCsv('site_name\n"A\n').issues[0]).toMatchObject({ field: "csv", line: 2 });
    expect(parseSitesCsv("site_name,colour\nA,red\n").issues).toEqual([
      expect.objectContaining({ line: 1, field: "colour" }),
    ]);
  });
});
