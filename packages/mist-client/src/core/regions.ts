/**
 * API host per Mist cloud (docs/design/mist-api.md §3.2, from the spec `servers` list). A token only works
 * on the cloud where it was created.
 */
export const MIST_REGION_HOSTS = {
  global01: "api.mist.com",
  global02: "api.gc1.mist.com",
  global03: "api.ac2.mist.com",
  global04: "api.gc2.mist.com",
  global05: "api.gc4.mist.com",
  emea01: "api.eu.mist.com",
  emea02: "api.gc3.mist.com",
  emea03: "api.ac6.mist.com",
  emea04: "api.gc6.mist.com",
  apac01: "api.ac5.mist.com",
  apac02: "api.gc5.mist.com",
  apac03: "api.gc7.mist.com",
} as const;

export type MistRegion = keyof typeof MIST_REGION_HOSTS;

export function isMistRegion(value: string): value is MistRegion {
  return Object.hasOwn(MIST_REGION_HOSTS, value);
}

/**
 * Base URL (without `/api/v1`) of a Mist region.
 * @example mistHost("emea01") // "https://api.eu.mist.com"
 */
export function mistHost(region: MistRegion): string {
  return `https://${MIST_REGION_HOSTS[region]}`;
}

/**
 * Normalises what operators type into a base URL: a region key (`emea01`), a bare host
 * (`api.eu.mist.com`, https assumed) or a URL (`http://127.0.0.1:8090/`, `https://api.mist.com/api/v1`).
 * Trailing slashes and a trailing `/api/v1` are removed because the client appends it.
 */
export function resolveBaseUrl(hostOrUrl: string): string {
  const input = hostOrUrl.trim();
  if (input === "") throw new TypeError("Mist base URL is empty");
  if (isMistRegion(input)) return mistHost(input);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  const url = new URL(withScheme);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`Mist base URL must be http(s), got ${url.protocol}`);
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  return `${url.origin}${path}`;
}
