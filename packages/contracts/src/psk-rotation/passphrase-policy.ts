import { z } from "zod";

/** Characters people confuse when reading a passphrase aloud or typing it into a device. */
export const AMBIGUOUS_CHARS = "0O1lI|`'\"";

/** Symbols safe in shells, JSON, URLs-in-QR and device UIs: no space, quotes, backslash or `<>&`. */
export const PASSPHRASE_SYMBOLS = "!#%*+-=?@^_~";

export const CHARACTER_CLASSES = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  symbols: PASSPHRASE_SYMBOLS,
} as const;
export type CharacterClass = keyof typeof CHARACTER_CLASSES;

/**
 * How a rotation makes a passphrase. Mist takes 8-63 printable ASCII characters (docs/design/mist-api.md §2.13);
 * every class listed is used, and with `require_each` every passphrase contains each one.
 */
export const PassphrasePolicy = z
  .strictObject({
    length: z.number().int().min(8, "must be at least 8").max(63, "must be at most 63").default(20),
    classes: z
      .array(z.enum(["lower", "upper", "digits", "symbols"]))
      .min(1, "must name at least one of lower, upper, digits, symbols")
      .default(["lower", "upper", "digits"]),
    require_each: z.boolean().default(true),
    exclude_ambiguous: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    if (new Set(p.classes).size !== p.classes.length)
      ctx.addIssue({ code: "custom", path: ["classes"], message: "lists a class twice" });
    if (p.require_each && p.length < p.classes.length)
      ctx.addIssue({
        code: "custom",
        path: ["length"],
        message: `must be at least ${p.classes.length} to hold one of each class`,
      });
  });
export type PassphrasePolicy = z.infer<typeof PassphrasePolicy>;
export type PassphrasePolicyInput = z.input<typeof PassphrasePolicy>;

/** The alphabet a policy draws from, per class, ambiguous characters removed when asked. */
export function policyAlphabets(policy: PassphrasePolicy): string[] {
  return policy.classes.map((c) =>
    [...CHARACTER_CLASSES[c]]
      .filter((ch) => !policy.exclude_ambiguous || !AMBIGUOUS_CHARS.includes(ch))
      .join(""),
  );
}
