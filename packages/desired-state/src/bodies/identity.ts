/** How each kind's objects are found again in Mist: Mist enforces no uniqueness, so this is ours. */
export const byName = (obj: Record<string, unknown>): string => String(obj.name);

/** An SSID is identified within its WLAN template: one SSID may exist in several templates. */
export const wlanIdentity = (obj: Record<string, unknown>): string =>
  `${String(obj.template_id)}/${String(obj.ssid)}`;

/** wxrules have no name in Mist; the blueprint owns their template and order. */
export const wlanPolicyIdentity = (obj: Record<string, unknown>): string =>
  `${String(obj.template_id)}/${String(obj.order)}`;
