import type { UpgradeRequest } from "@mistflow/contracts";
import { isMistForbiddenError, isMistNotFoundError, type MistClient, mapLimit } from "@mistflow/mist-client";
import { validationError } from "../errors";

export interface ResolvedTargets {
  sites: string[];
  /** The models the rollout covers: as requested, or every model of the type offering the version. */
  models: string[];
}

/** Parallel Mist reads per request: enough for a few hundred sites, gentle on the shared budget. */
const CONCURRENCY = 8;

/**
 * Which sites, and is the version real: the sites must belong to the org (or be the site group's),
 * and every site must offer `version` for every model the rollout covers
 * (`GET /sites/{id}/devices/versions`). Anything wrong is a 422 naming the field, before a record
 * or a job exists.
 */
export async function resolveTargets(mist: MistClient, req: UpgradeRequest): Promise<ResolvedTargets> {
  const orgSites = await mist.sites.list(req.org_id);
  let sites: string[];
  if (req.sites) {
    const known = new Set(orgSites.map((s) => s.id));
    const unknown = req.sites.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
    if (unknown.length > 0) {
      throw validationError(
        unknown.map(({ i }) => ({ field: `sites[${i}]`, message: `is not a site of org ${req.org_id}` })),
        422,
      );
    }
    sites = req.sites;
  } else {
    sites = orgSites
      .filter(
        (s) => Array.isArray(s.sitegroup_ids) && (s.sitegroup_ids as unknown[]).includes(req.sitegroup_id),
      )
      .map((s) => s.id);
    if (sites.length === 0) {
      throw validationError([{ field: "sitegroup_id", message: "has no sites in this org" }], 422);
    }
  }

  const offered = await mapLimit(sites, CONCURRENCY, async (siteId, i) => {
    try {
      const versions = await mist.firmware.siteVersions(siteId, { type: req.device_type });
      return new Set(versions.filter((v) => v.version === req.version).map((v) => v.model));
    } catch (e) {
      if (isMistNotFoundError(e) || isMistForbiddenError(e)) {
        const field = req.sites ? `sites[${i}]` : "sitegroup_id";
        throw validationError([{ field, message: `site ${siteId}: Mist answered ${e.status}` }], 422);
      }
      throw e;
    }
  });

  const models = req.models ?? [...(offered[0] ?? [])].sort();
  if (models.length === 0) {
    throw validationError(
      [{ field: "version", message: `${req.version} is not offered for any ${req.device_type} model` }],
      422,
    );
  }
  for (const [i, set] of offered.entries()) {
    const missing = models.find((m) => !set.has(m));
    if (missing !== undefined) {
      throw validationError(
        [
          {
            field: "version",
            message: `${req.version} is not available for model ${missing} at site ${sites[i]}`,
          },
        ],
        422,
      );
    }
  }
  return { sites, models };
}
