import type { OrgState } from "../state/org-state";
import type { StoredObject } from "../state/types";
import { baselineSle, clientsPerAp } from "./sle-baseline";
import { SLE_METRICS, type SleMetric } from "./sle-metrics";
import { type SlePoint, SleSignal } from "./sle-signal";
import type { SleStore } from "./sle-store";

/** What the synthetic SLEs of one site are derived from. */
export interface SleSite {
  siteId: string;
  numAps: number;
  numClients: number;
  /** ms; when the site started producing data under the device rule, undefined if it never did. */
  dataSince: number | undefined;
  signals: Record<SleMetric, SleSignal>;
}

/**
 * Builds a site's SLE signals: the per-site baseline from `dataSince` on, with test overrides on top.
 * Under `requireDevices` data starts when the oldest device still assigned was assigned (not before
 * the site existed); otherwise at site creation.
 */
export function sleSite(store: SleStore, org: OrgState, site: StoredObject): SleSite {
  const devices = [...org.devices.values()].filter((d) => d.site_id === site.id);
  const siteCreated = site.created_time * 1000;
  const firstAssigned =
    devices.length === 0 ? undefined : Math.min(...devices.map((d) => d.created_time * 1000));
  let dataSince: number | undefined = siteCreated;
  if (store.config.requireDevices) {
    dataSince = firstAssigned === undefined ? undefined : Math.max(siteCreated, firstAssigned);
  }
  const numAps = devices.filter((d) => d.type === "ap").length;
  const signals = Object.fromEntries(
    SLE_METRICS.map((metric) => {
      const base: SlePoint[] =
        dataSince === undefined ? [] : [{ at: dataSince, value: baselineSle(site.id, metric) }];
      return [metric, SleSignal.overlay(base, store.pointsFor(site.id, metric))];
    }),
  ) as Record<SleMetric, SleSignal>;
  return { siteId: site.id, numAps, numClients: numAps * clientsPerAp(site.id), dataSince, signals };
}
