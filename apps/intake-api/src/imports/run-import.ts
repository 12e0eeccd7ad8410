import { fromBlueprint, importOrg } from "@mistflow/blueprints";
import {
  type AdoptedIpPlan,
  DeploymentRequest,
  type ImportRequest,
  type ImportView,
  type SiteAdoption,
} from "@mistflow/contracts";
import { type DeploymentStore, type ImportStore, newImportId } from "@mistflow/deployments";
import {
  adoptedPrefixes,
  type IpamAllocator,
  type IpamConfig,
  overlappingSiteSlots,
  parseBlockOrAddress,
} from "@mistflow/ipam";
import { isMistApiError, isNoTokenError, type TokenPool } from "@mistflow/mist-client";
import { mistReader } from "@mistflow/plan";
import { ApiError } from "../errors";
import { readOrg } from "./read-org";

export interface ImportDeps {
  imports: ImportStore;
  store: DeploymentStore;
  mist?: TokenPool;
  ipam?: { allocator: IpamAllocator; config: IpamConfig };
}

/** The IPAM zone an adopted site's addresses lie in: its own block's, else its first prefix's. */
function zoneOf(config: IpamConfig | undefined, held: string | undefined, prefixes: readonly string[]) {
  if (held) return held;
  if (!config) return undefined;
  for (const p of prefixes) {
    const cidr = parseBlockOrAddress(p);
    const slot = cidr ? overlappingSiteSlots(config, cidr)[0] : undefined;
    if (slot) return slot.zone;
  }
  return undefined;
}

/**
 * Reads the org (GETs only), turns its template families into blueprints, and, unless a dry run,
 * records each site's adoption and its existing prefixes in IPAM, so new allocations never
 * collide with them. Nothing is ever written to Mist.
 */
export async function runImport(deps: ImportDeps, req: ImportRequest): Promise<ImportView> {
  if (!deps.mist) throw new ApiError(503, "unavailable", "no Mist token is configured on this server");
  const pool = deps.mist;
  const reader = mistReader((orgId) => pool.clientFor(orgId));
  let snapshot: Awaited<ReturnType<typeof readOrg>>;
  try {
    snapshot = await readOrg(reader, req.org_id);
  } catch (e) {
    if (isNoTokenError(e))
      throw new ApiError(422, "validation_failed", `org_id: ${e.message}`, [
        { field: "org_id", message: e.message },
      ]);
    if (isMistApiError(e))
      throw new ApiError(502, "mist_unavailable", `could not read the org from Mist: ${e.message}`);
    throw e;
  }
  const result = importOrg(snapshot, { mergeLookAlikes: req.merge_lookalikes });
  const id = newImportId();
  const now = new Date().toISOString();
  const warnings = [...result.warnings];
  const adoptions: SiteAdoption[] = [];
  const blueprints: ImportView["blueprints"] = [];

  for (const imported of result.blueprints) {
    const loaded = fromBlueprint(imported.blueprint, `${imported.blueprint.name}.yaml`);
    // Adoptions point at the blueprint by digest, as deployment records do.
    if (!req.dry_run) await deps.store.saveBlueprint(loaded.ref.digest, loaded.json);
    blueprints.push({
      blueprint: loaded.ref,
      yaml: imported.yaml,
      templates: imported.templates,
      sites: imported.sites.map((s) => ({ id: s.id, name: s.name })),
    });
    for (const site of imported.sites) {
      const prefixes = adoptedPrefixes(site.vars);
      let ip: AdoptedIpPlan = { prefixes, reserved: 0, conflicts: [] };
      if (!req.dry_run && deps.ipam && prefixes.length > 0) {
        const adopted = await deps.ipam.allocator.adopt(site.name, prefixes);
        ip = {
          prefixes,
          ...(adopted.held ? { block: adopted.held.block, zone: adopted.held.zone } : {}),
          reserved: adopted.reserved,
          conflicts: adopted.conflicts.map(({ zone, block, owner }) => ({ zone, block, owner })),
        };
        for (const c of adopted.conflicts) {
          warnings.push(
            `site ${site.name}: its addresses overlap ${c.block}, which IPAM holds for ${c.owner}; nothing reserved for it`,
          );
        }
      }
      const zone = zoneOf(deps.ipam?.config, ip.zone, prefixes) ?? deps.ipam?.config.zones[0]?.code;
      const missing = (["address", "timezone", "country_code"] as const).filter((f) => !site[f]);
      const parsed =
        missing.length === 0 && zone
          ? DeploymentRequest.safeParse({
              org_id: req.org_id,
              site: {
                name: site.name,
                address: site.address,
                timezone: site.timezone,
                country_code: site.country_code,
                region: zone,
              },
              blueprint: imported.blueprint.name,
              vars: site.vars,
              ip_plan: "adopted",
            })
          : undefined;
      if (missing.length > 0) {
        warnings.push(
          `site ${site.name}: Mist has no ${missing.join(", ")} for it; fill ${missing.length > 1 ? "them" : "it"} in before planning or rolling it out through mistflow`,
        );
      } else if (parsed && !parsed.success) {
        warnings.push(
          `site ${site.name}: not expressible as a deployment request (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
        );
      }
      adoptions.push({
        ...(parsed?.success ? { request: parsed.data } : {}),
        site_id: site.id,
        site_name: site.name,
        org_id: req.org_id,
        blueprint: loaded.ref,
        vars: site.vars,
        ip_plan: ip,
        import_id: id,
        adopted_at: now,
      });
    }
  }
  const view: ImportView = {
    id,
    org_id: req.org_id,
    dry_run: req.dry_run,
    created_at: now,
    blueprints,
    adoptions,
    unbound_sites: result.unbound_sites.map((s) => ({ id: s.id, name: s.name })),
    warnings,
    mist_reads: reader.reads,
  };
  if (!req.dry_run) await deps.imports.save(view);
  return view;
}
