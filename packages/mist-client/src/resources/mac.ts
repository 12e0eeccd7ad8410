/**
 * Mist keys devices by lower-case hex MAC without separators (`5c5b350e0001`); operators paste
 * `5C:5B:35:0E:00:01` or `5c5b.350e.0001`. Anything that is not 12 hex digits is returned as is.
 */
export function normalizeMac(mac: string): string {
  const hex = mac.trim().toLowerCase().replace(/[:.-]/g, "");
  return /^[0-9a-f]{12}$/.test(hex) ? hex : mac;
}
