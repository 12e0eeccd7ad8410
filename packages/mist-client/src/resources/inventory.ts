import { z } from "zod";
import { mistPath } from "../core/mist-path";
import { isMistBadRequestError, MistBadRequestError } from "../errors/mist-bad-request-error";
import { listAll } from "../pagination/paginate";
import type { CallOptions, ResourceContext } from "./context";
import { normalizeMac } from "./mac";

/** Terraform claims 50 codes per call; we follow it rather than probe Mist's real limit. */
export const CLAIM_BATCH_SIZE = 50;

/** The device types a site can hold, as the inventory's `type` filter names them. */
const SITE_DEVICE_TYPES = ["ap", "switch", "gateway"] as const;

export const InventoryItem = z.looseObject({
  mac: z.string(),
  serial: z.string().nullish(),
  model: z.string().nullish(),
  type: z.string().nullish(),
  site_id: z.string().nullish(),
  deviceprofile_id: z.string().nullish(),
});
export type InventoryItem = z.infer<typeof InventoryItem>;

export const ClaimedDevice = z.looseObject({
  mac: z.string(),
  serial: z.string().nullish(),
  model: z.string().nullish(),
  type: z.string().nullish(),
  magic: z.string().nullish(),
});
export type ClaimedDevice = z.infer<typeof ClaimedDevice>;

const codes = z.array(z.string()).default([]);

/**
 * `response_inventory`. `reason[i]` explains `error[i]`. Re-claiming an owned code lands in
 * `duplicated`, which is success for an idempotent caller.
 */
export const InventoryClaimResult = z.looseObject({
  added: codes,
  duplicated: codes,
  error: codes,
  reason: codes,
  inventory_added: z.array(ClaimedDevice).default([]),
  inventory_duplicated: z.array(ClaimedDevice).default([]),
});
export type InventoryClaimResult = z.infer<typeof InventoryClaimResult>;

/** A 400 carries the same body; requiring `error` keeps a plain `{detail}` 400 from matching. */
const ClaimErrorBody = InventoryClaimResult.extend({ error: z.array(z.string()) });

/** `response_org_inventory_change`: `reason[i]` explains `error[i]`. */
export const InventoryChangeResult = z.looseObject({
  op: z.string(),
  success: z.array(z.string()).default([]),
  error: z.array(z.string()).default([]),
  reason: z.array(z.string()).default([]),
});
export type InventoryChangeResult = z.infer<typeof InventoryChangeResult>;

const ChangeErrorBody = InventoryChangeResult.extend({ error: z.array(z.string()) });

/** Filters of `GET /orgs/{org_id}/inventory`. */
export type InventoryQuery = {
  serial?: string;
  mac?: string;
  model?: string;
  /** `ap` is Mist's default when omitted. */
  type?: "ap" | "switch" | "gateway" | (string & {});
  site_id?: string;
  unassigned?: boolean;
  vc?: boolean;
};

export interface AssignOptions extends CallOptions {
  /** Treat devices already assigned to another site as errors instead of moving them. */
  noReassign?: boolean;
}

function mergeClaims(results: readonly InventoryClaimResult[]): InventoryClaimResult {
  const merged: InventoryClaimResult = {
    added: [],
    duplicated: [],
    error: [],
    reason: [],
    inventory_added: [],
    inventory_duplicated: [],
  };
  for (const r of results) {
    merged.added.push(...r.added);
    merged.duplicated.push(...r.duplicated);
    merged.error.push(...r.error);
    merged.reason.push(...r.reason);
    merged.inventory_added.push(...r.inventory_added);
    merged.inventory_duplicated.push(...r.inventory_duplicated);
  }
  return merged;
}

export class InventoryApi {
  constructor(private readonly ctx: ResourceContext) {}

  /**
   * Claims devices by claim code, 50 codes per call, and merges the answers. Mist answers 400
   * when no code of a call was valid; that body is merged like a 200. Mirroring Mist's own rule
   * over all batches, the result is returned when anything was added or duplicated (or nothing
   * failed), and otherwise thrown as `MistBadRequestError` whose `body` is the merged result.
   * Any other failure is thrown at once; batches already sent are safe to resend (`duplicated`).
   */
  async claim(
    orgId: string,
    claimCodes: readonly string[],
    options: CallOptions = {},
  ): Promise<InventoryClaimResult> {
    const unique = [...new Set(claimCodes.map((c) => c.trim()).filter((c) => c !== ""))];
    const path = mistPath`/orgs/${orgId}/inventory`;
    const results: InventoryClaimResult[] = [];
    let rejected: MistBadRequestError | undefined;
    for (let i = 0; i < unique.length; i += CLAIM_BATCH_SIZE) {
      const batch = unique.slice(i, i + CLAIM_BATCH_SIZE);
      try {
        results.push(
          await this.ctx.http.request("POST", path, {
            body: batch,
            schema: InventoryClaimResult,
            errorBodySchema: ClaimErrorBody,
            signal: options.signal,
          }),
        );
      } catch (e) {
        if (!isMistBadRequestError(e) || e.body === undefined) throw e;
        results.push(e.body as InventoryClaimResult);
        rejected ??= e;
      }
    }
    const merged = mergeClaims(results);
    const anyValid = merged.added.length > 0 || merged.duplicated.length > 0 || merged.error.length === 0;
    if (rejected && !anyValid) {
      throw new MistBadRequestError({
        method: "POST",
        path,
        detail: rejected.detail ?? `${merged.error.length} claim code(s) rejected`,
        reason: merged.reason[0],
        body: merged,
      });
    }
    return merged;
  }

  /**
   * Assigns claimed devices (by MAC) to a site. Devices Mist could not assign come back in
   * `error`/`reason` (e.g. "VC member switches could not be assigned"), not as an exception;
   * a 400 with that body is thrown as `MistBadRequestError` with the parsed `body`.
   */
  assign(
    orgId: string,
    siteId: string,
    macs: readonly string[],
    options: AssignOptions = {},
  ): Promise<InventoryChangeResult> {
    return this.ctx.http.request("PUT", mistPath`/orgs/${orgId}/inventory`, {
      body: {
        op: "assign",
        site_id: siteId,
        macs: macs.map(normalizeMac),
        ...(options.noReassign === undefined ? {} : { no_reassign: options.noReassign }),
      },
      schema: InventoryChangeResult,
      errorBodySchema: ChangeErrorBody,
      signal: options.signal,
    });
  }

  /**
   * Unassigns devices (by MAC) from whatever site holds them; they stay claimed in the org
   * inventory. An unassigned device is a successful no-op, so a resend after a lost answer is safe.
   */
  unassign(
    orgId: string,
    macs: readonly string[],
    options: CallOptions = {},
  ): Promise<InventoryChangeResult> {
    return this.ctx.http.request("PUT", mistPath`/orgs/${orgId}/inventory`, {
      body: { op: "unassign", macs: macs.map(normalizeMac) },
      schema: InventoryChangeResult,
      errorBodySchema: ChangeErrorBody,
      signal: options.signal,
    });
  }

  /**
   * Releases devices (by MAC) from the org inventory: Mist's `op: delete`, the unclaim. Getting one
   * back needs its claim code. A device no longer in the inventory comes back in `error` with
   * its reason, which a caller converging on "released" takes as done.
   */
  release(orgId: string, macs: readonly string[], options: CallOptions = {}): Promise<InventoryChangeResult> {
    return this.ctx.http.request("PUT", mistPath`/orgs/${orgId}/inventory`, {
      body: { op: "delete", macs: macs.map(normalizeMac) },
      schema: InventoryChangeResult,
      errorBodySchema: ChangeErrorBody,
      signal: options.signal,
    });
  }

  /**
   * Every device assigned to the site, of every type. One list per type: a comma list of types is
   * valid only from API 2602, and without `type` Mist lists APs alone.
   */
  async siteDevices(orgId: string, siteId: string, options: CallOptions = {}): Promise<InventoryItem[]> {
    const lists = await Promise.all(
      SITE_DEVICE_TYPES.map((type) => this.list(orgId, { site_id: siteId, type }, options)),
    );
    return lists.flat().filter((d) => d.site_id === siteId);
  }

  /** Inventory items matching the filters (all pages). */
  list(orgId: string, query: InventoryQuery = {}, options: CallOptions = {}): Promise<InventoryItem[]> {
    return listAll(this.ctx.http, mistPath`/orgs/${orgId}/inventory`, InventoryItem, query, {
      limit: this.ctx.pageLimit,
      signal: options.signal,
    });
  }
}
