import { isMistBadRequestError } from "@mistflow/mist-client";
import { StepFailure } from "@mistflow/worker-runtime";
import { idFrom, type StepHandler, type StepOutcome } from "./step-context";

interface ClaimResult {
  error?: string[];
  reason?: string[];
  inventory_added?: Array<{ mac: string; magic?: string }>;
  inventory_duplicated?: Array<{ mac: string; magic?: string }>;
}

/**
 * Step 2: claim devices by code, find them by serial, and assign them to the site. Re-claiming
 * an owned code is "duplicated", not an error, so a retry is harmless. Devices are never
 * unclaimed here: that is destructive and never implicit.
 */
export const assignDevices: StepHandler = async (ctx) => {
  const { devices } = ctx.deployment.request;
  const siteId = idFrom(ctx, "s01", "site_id");
  const macs = new Set(devices.macs);

  if (devices.claim_codes.length > 0) {
    let claim: ClaimResult;
    try {
      claim = (await ctx.mist.inventory.claim(ctx.orgId, devices.claim_codes)) as ClaimResult;
    } catch (e) {
      // Mist answers 400 with the same body when no code was valid.
      if (isMistBadRequestError(e) && e.body && typeof e.body === "object") claim = e.body as ClaimResult;
      else throw e;
    }
    const refused = (claim.error ?? []).map((code, i) => `${code}: ${claim.reason?.[i] ?? "refused"}`);
    if (refused.length > 0) throw new StepFailure(`Mist refused claim code(s): ${refused.join("; ")}`);
    for (const d of [...(claim.inventory_added ?? []), ...(claim.inventory_duplicated ?? [])])
      macs.add(d.mac);
  }

  for (const serial of devices.serials) {
    const [device] = await ctx.mist.inventory.list(ctx.orgId, { serial });
    if (!device) throw new StepFailure(`no device with serial ${serial} in the org's inventory`);
    macs.add(String(device.mac));
  }

  if (macs.size === 0) return { mist_ids: {} as StepOutcome["mist_ids"], note: "no devices to assign" };
  const result = await ctx.mist.inventory.assign(ctx.orgId, siteId, [...macs]);
  if (result.error.length > 0) {
    const reasons = result.error.map((mac, i) => `${mac}: ${result.reason[i] ?? "refused"}`);
    throw new StepFailure(`Mist refused to assign device(s): ${reasons.join("; ")}`);
  }
  return { mist_ids: { device_macs: [...macs].sort() }, note: `${macs.size} device(s) assigned` };
};
