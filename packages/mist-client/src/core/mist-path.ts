/**
 * Builds an API path, percent-encoding every interpolated value so an id or name can never
 * change the path shape.
 * @example mistPath`/orgs/${orgId}/sites` // "/orgs/9777…/sites"
 */
export function mistPath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += encodeURIComponent(String(value)) + (strings[i + 1] ?? "");
  });
  return out;
}
