/**
 * What Mist has deprecated or removed in the requests a client sends, since the 2509.1.2 spec.
 * The simulator marks every ledger entry whose request uses one of these, so a test can prove
 * mistflow sends none of them. `docs/mist-api-changes.md` lists the same entries with what the
 * project did about each; a unit test keeps the two lists in step.
 */
export interface RequestDeprecation {
  /** The spec version whose changelog announced it. */
  since: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template after `/api/v1`, Mist style: `/orgs/{org_id}/inventory`. */
  path: string;
  /**
   * A body field, as a dot path from the top of the body (`auto_upgrade.enabled`). A leading `**.`
   * matches the key at any depth. Undefined: the whole operation is deprecated.
   */
  field?: string;
  /** For an op-dependent field, the `op` body value it applies to. */
  op?: string;
  /** What to use instead. */
  instead: string;
}

export const REQUEST_DEPRECATIONS: readonly RequestDeprecation[] = [
  {
    since: "2602.1.1",
    method: "PUT",
    path: "/orgs/{org_id}/inventory",
    op: "assign",
    field: "managed",
    instead: "mist_configured",
  },
  {
    since: "2602.1.1",
    method: "PUT",
    path: "/orgs/{org_id}/inventory",
    op: "assign",
    field: "disable_auto_config",
    instead: "mist_configured",
  },
  {
    since: "2606.1.1",
    method: "PUT",
    path: "/sites/{site_id}/setting",
    field: "mxtunnels",
    instead: "mxtunnel",
  },
  {
    since: "2511.1.15",
    method: "PUT",
    path: "/sites/{site_id}/setting",
    field: "default_port_usage",
    instead: "port usages in the switch template",
  },
  {
    since: "2511.1.0",
    method: "PUT",
    path: "/sites/{site_id}/setting",
    field: "**.ant_mode",
    instead: "antenna_select",
  },
  {
    since: "2511.1.0",
    method: "POST",
    path: "/orgs/{org_id}/deviceprofiles",
    field: "**.ant_mode",
    instead: "antenna_select",
  },
  {
    since: "2605.1.0",
    method: "POST",
    path: "/orgs/{org_id}/claim",
    field: "async",
    instead: "POST /orgs/{org_id}/claims for an asynchronous claim",
  },
  {
    since: "2607.1.0",
    method: "POST",
    path: "/orgs/{org_id}/devices/upgrade",
    field: "strategy",
    instead: "download_strategy and reboot_strategy",
  },
  {
    since: "2607.1.0",
    method: "POST",
    path: "/orgs/{org_id}/devices/upgrade",
    field: "version",
    instead: "versions",
  },
  {
    since: "2607.1.0",
    method: "POST",
    path: "/orgs/{org_id}/devices/upgrade",
    field: "start_time",
    instead: "start_datetime",
  },
  {
    since: "2607.1.0",
    method: "POST",
    path: "/orgs/{org_id}/devices/upgrade",
    field: "reboot_at",
    instead: "reboot_datetime",
  },
  {
    since: "2607.1.0",
    method: "GET",
    path: "/sites/{site_id}/sle/{scope}/{scope_id}/metric/{metric}/summary",
    instead: "…/metric/{metric}/summary-trend",
  },
];

/** Basic auth is deprecated for removal in September 2026 (2604.1.4): API tokens only. */
export const BASIC_AUTH_DEPRECATION = {
  since: "2604.1.4",
  instead: "an API token (Authorization: Token …)",
} as const;
