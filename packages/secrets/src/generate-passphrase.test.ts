import { AMBIGUOUS_CHARS, CHARACTER_CLASSES, PassphrasePolicy, policyAlphabets } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { generateFromPolicy } from "./generate-passphrase";

const policy = (input: Partial<PassphrasePolicy>) => PassphrasePolicy.parse(input);

describe("generateFromPolicy", () => {
  it("makes passphrases of the asked length from the asked classes only", () => {
    const p = policy({ length: 31, classes: ["lower", "digits"] });
    for (let i = 0; i < 200; i++) {
      const s = generateFromPolicy(p);
      expect(s).toHaveLength(31);
      expect(s).toMatch(/^[a-z2-9]+$/);
    }
  });

  it("holds one character of every class when require_each is set, even when short", () => {
    const p = policy({ length: 8, classes: ["lower", "upper", "digits", "symbols"] });
    const symbols = new RegExp(`[${CHARACTER_CLASSES.symbols.replace(/[-^\\\]]/g, "\\$&")}]`);
    for (let i = 0; i < 500; i++) {
      const s = generateFromPolicy(p);
      expect(s).toMatch(/[a-z]/);
      expect(s).toMatch(/[A-Z]/);
      expect(s).toMatch(/[0-9]/);
      expect(s).toMatch(symbols);
      expect(s).toMatch(/^[\x21-\x7e]{8}$/); // Mist: printable ASCII, and no space
    }
  });

  it("never uses an ambiguous character unless allowed", () => {
    const strict = policy({ length: 63, classes: ["lower", "upper", "digits"] });
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) for (const ch of generateFromPolicy(strict)) seen.add(ch);
    for (const ch of AMBIGUOUS_CHARS) expect(seen.has(ch)).toBe(false);
    const loose = policy({ length: 63, classes: ["digits"], exclude_ambiguous: false });
    const digits = new Set<string>();
    for (let i = 0; i < 50; i++) for (const ch of generateFromPolicy(loose)) digits.add(ch);
    expect([...digits].sort().join("")).toBe("0123456789");
  });

  it("draws every character of the alphabet about equally often (chi-square)", () => {
    const p = policy({ length: 40, classes: ["lower", "upper", "digits", "symbols"] });
    const alphabet = policyAlphabets(p).join("");
    const counts = new Map<string, number>([...alphabet].map((ch) => [ch, 0]));
    const n = 2_000;
    for (let i = 0; i < n; i++)
      for (const ch of generateFromPolicy(p)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].join("")).toBe(alphabet); // nothing outside the alphabet was counted
    const expected = (n * p.length) / alphabet.length;
    const chi2 = [...counts.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 69 characters, 68 degrees of freedom: p < 1e-6 lies above ~139. A biased draw lands beyond
    // it: forcing one character per class and shuffling scores ~200 here, byte % length more.
    expect(alphabet.length).toBe(69);
    expect(chi2).toBeLessThan(140);
    expect(new Set(Array.from({ length: 100 }, () => generateFromPolicy(p))).size).toBe(100);
  });
});

describe("PassphrasePolicy", () => {
  it("applies defaults and names the field at fault", () => {
    expect(PassphrasePolicy.parse({})).toEqual({
      length: 20,
      classes: ["lower", "upper", "digits"],
      require_each: true,
      exclude_ambiguous: true,
    });
    const issues = (input: unknown) =>
      PassphrasePolicy.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ length: 7 })).toEqual(["length: must be at least 8"]);
    expect(issues({ length: 64 })).toEqual(["length: must be at most 63"]);
    expect(issues({ classes: [] })).toEqual([
      "classes: must name at least one of lower, upper, digits, symbols",
    ]);
    expect(issues({ classes: ["lower", "lower"] })).toEqual(["classes: lists a class twice"]);
    expect(issues({ classes: ["emoji"] })?.[0]).toMatch(/^classes\.0: /);
    expect(issues({ length: 20, extra: 1 })?.[0]).toMatch(/extra/);
  });
});
