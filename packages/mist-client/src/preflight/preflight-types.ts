export type PreflightStatus = "ok" | "warning" | "fail";

export interface PreflightItem {
  status: PreflightStatus;
  /** One sentence a person can act on (docs/preflight.md says how to fix each). */
  reason: string;
}

export interface TokenCheck extends PreflightItem {
  /** The token the other checks read with. */
  alias: string | null;
  kind: "org" | "user" | null;
  role: string | null;
}

export interface SourceIpCheck extends PreflightItem {
  /** Whether org tokens must come from `src_ips`; null when the setting could not be read. */
  enforced: boolean | null;
  src_ips: string[];
  /** Whether Mist accepted this host's calls; null when nothing tells. */
  this_host_passes: boolean | null;
}

export interface SiteRef {
  site_id: string;
  site_name: string;
}

export interface AutoUpgradeCheck extends PreflightItem {
  org_wide: boolean;
  /** Sites whose AP auto-upgrade is on, by their site setting or by the org-wide one. */
  sites: SiteRef[];
}

export interface MarvisCheck extends PreflightItem {
  self_driving: { wireless: boolean; wired: boolean; wan: boolean };
  /** Marvis config actions over the last `window_days` days, every site. */
  recent_actions: number;
  window_days: number;
  sites: Array<SiteRef & { actions: number }>;
}

export interface PreflightReport {
  /** False when any item failed. */
  ok: boolean;
  token: TokenCheck;
  source_ip: SourceIpCheck;
  auto_upgrade: AutoUpgradeCheck;
  marvis: MarvisCheck;
}
