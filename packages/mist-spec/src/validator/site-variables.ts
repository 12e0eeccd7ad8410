/**
 * A Mist site variable reference, `{{name}}`: Mist substitutes the site's value before it checks
 * the field, so a string holding one stands for whatever type the field wants (docs/blueprint-lint.md).
 */
const SITE_VARIABLE = /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/;

export const hasSiteVariable = (value: unknown): value is string =>
  typeof value === "string" && SITE_VARIABLE.test(value);
