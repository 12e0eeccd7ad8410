import type { MistClient } from "../client/mist-client";
import { isMistForbiddenError } from "../errors";
import type { OrgSetting } from "../resources/org-setting";
import { autoUpgradeCheck, autoUpgradeSites } from "./auto-upgrade";
import { MARVIS_WINDOW_DAYS, marvisCheck } from "./marvis-check";
import type { PreflightReport, SourceIpCheck, TokenCheck } from "./preflight-types";

/** What the token probe learnt, per token, that the pre-flight builds on. */
export interface ProbedToken {
  alias: string;
  ok: boolean;
  kind?: "org" | "user";
  role?: string | null;
  /** Mist answered 403 to `GET /self`: with a valid token, only a source-address policy does that. */
  forbidden?: boolean;
  problem?: string;
}

function tokenCheck(tokens: readonly ProbedToken[]): TokenCheck {
  const chosen = tokens.find((t) => t.ok);
  if (!chosen) {
    const first = tokens[0];
    return {
      status: "fail",
      reason: `no token can write to this org (${tokens.map((t) => `${t.alias}: ${t.problem ?? "cannot write"}`).join("; ")})`,
      alias: first?.alias ?? null,
      kind: first?.kind ?? null,
      role: first?.role ?? null,
    };
  }
  const ident = { alias: chosen.alias, kind: chosen.kind ?? null, role: chosen.role ?? null };
  if (chosen.kind === "user")
    return {
      status: "warning",
      reason:
        `token ${chosen.alias} is a user token (role ${chosen.role}): it shares its admin's hourly budget and ` +
        "stops working when that admin leaves; an org API token is recommended",
      ...ident,
    };
  return { status: "ok", reason: `token ${chosen.alias} is an org token with role ${chosen.role}`, ...ident };
}

function sourceIpCheck(setting: OrgSetting | undefined, tokens: readonly ProbedToken[]): SourceIpCheck {
  const refused = tokens.filter((t) => t.forbidden);
  const passed = tokens.some((t) => t.ok || t.role !== undefined);
  const srcIps = setting?.api_policy?.src_ips ?? [];
  const enforced = setting
    ? setting.api_policy?.enforce_src_ips_for_tokens === true && srcIps.length > 0
    : null;
  if (refused.length > 0 && !passed)
    return {
      status: "fail",
      reason:
        `Mist refused this host (403) for ${refused.map((t) => t.alias).join(", ")}: the org (or the token) ` +
        "restricts source addresses; add this host's public address to api_policy.src_ips",
      enforced,
      src_ips: srcIps,
      this_host_passes: false,
    };
  if (enforced)
    return {
      status: "ok",
      reason:
        "org tokens must come from api_policy.src_ips and this host passes; every worker host must be in it too",
      enforced,
      src_ips: srcIps,
      this_host_passes: true,
    };
  return {
    status: "ok",
    reason:
      srcIps.length > 0
        ? "api_policy.src_ips is set but not enforced for org tokens (enforce_src_ips_for_tokens is off)"
        : "the org does not restrict source addresses",
    enforced,
    src_ips: srcIps,
    this_host_passes: passed ? true : null,
  };
}

const failed = (reason: string) => ({ status: "fail" as const, reason });

/**
 * The pre-flight of a real org (docs/preflight.md), read with the first token that can write:
 * token kind and role, the source-address policy, AP auto-upgrade, Marvis self-driving. Reads
 * only: one org setting, the site list, one setting per site (unless auto-upgrade is org-wide)
 * and, when self-driving is on, one Marvis search per site.
 */
export async function runPreflight(
  clientOf: (alias: string) => MistClient | undefined,
  orgId: string,
  tokens: readonly ProbedToken[],
): Promise<PreflightReport> {
  const token = tokenCheck(tokens);
  const chosen = tokens.find((t) => t.ok) ?? tokens.find((t) => t.role);
  const mist = chosen ? clientOf(chosen.alias) : undefined;
  let setting: OrgSetting | undefined;
  let readProblem = "no token could read the org";
  if (mist) {
    try {
      setting = await mist.orgSetting.get(orgId);
    } catch (e) {
      readProblem = `could not read the org setting: ${(e as Error).message}`;
      if (isMistForbiddenError(e)) readProblem += " (a source-address policy or the token's role)";
    }
  }
  const source_ip = sourceIpCheck(setting, tokens);
  if (!mist || !setting) {
    const report: PreflightReport = {
      ok: false,
      token,
      source_ip: source_ip.status === "fail" ? source_ip : { ...source_ip, ...failed(readProblem) },
      auto_upgrade: { ...failed(readProblem), org_wide: false, sites: [] },
      marvis: {
        ...failed(readProblem),
        self_driving: { wireless: false, wired: false, wan: false },
        recent_actions: 0,
        window_days: MARVIS_WINDOW_DAYS,
        sites: [],
      },
    };
    return report;
  }
  // The per-site reads can meet a spent budget or a Mist error: the probe then says what it could
  // not check (a warning naming why) instead of failing as a whole.
  const notChecked = (e: unknown) => ({
    status: "warning" as const,
    reason: `not checked: ${(e as Error).message}`,
  });
  let sites: Awaited<ReturnType<typeof mist.sites.list>> | undefined;
  let auto_upgrade: PreflightReport["auto_upgrade"];
  let marvis: PreflightReport["marvis"];
  try {
    sites = await mist.sites.list(orgId);
    auto_upgrade = autoUpgradeCheck(await autoUpgradeSites(mist, orgId, sites, setting));
  } catch (e) {
    auto_upgrade = { ...notChecked(e), org_wide: setting.auto_upgrade?.enabled === true, sites: [] };
  }
  try {
    marvis = await marvisCheck(mist, setting, sites ?? (await mist.sites.list(orgId)));
  } catch (e) {
    const domains = setting.marvis?.self_driving;
    marvis = {
      ...notChecked(e),
      self_driving: {
        wireless: domains?.wireless?.enabled === true,
        wired: domains?.wired?.enabled === true,
        wan: domains?.wan?.enabled === true,
      },
      recent_actions: 0,
      window_days: MARVIS_WINDOW_DAYS,
      sites: [],
    };
  }
  const items = [token, source_ip, auto_upgrade, marvis];
  return { ok: items.every((i) => i.status !== "fail"), token, source_ip, auto_upgrade, marvis };
}
