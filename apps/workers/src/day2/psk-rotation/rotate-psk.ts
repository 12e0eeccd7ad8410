import type { StoredPskRotation } from "@mistflow/psk-rotations";
import { JOB_CATALOG, pskRotationRetryPolicy, scheduleOldPassphraseExpiry } from "@mistflow/queues";
import { generateFromPolicy } from "@mistflow/secrets";
import { UnrecoverableError } from "bullmq";
import { day2Job } from "../day2-job";
import type { Day2Deps, Day2Handler } from "../handlers";
import { type PskRotationContext, pskRotationContext, rotationLogFields } from "./psk-rotation-context";
import { deliverToSink } from "./psk-sink";

const now = () => new Date().toISOString();

/**
 * Generate → seal → set in Mist (the previous passphrase moves to `old_passphrase`) → deliver
 * to the sink → drop the sealed copy → schedule the end of the overlap. Each attempt resumes
 * from the state in the record, and the passphrase is sealed once (SET NX), so a retry or a
 * redelivered job sets and sends the same passphrase it would have the first time.
 */
async function advance(ctx: PskRotationContext, deps: Day2Deps, start: StoredPskRotation) {
  let r = start;
  const { store } = ctx;
  if (r.state === "queued" || r.state === "generated") {
    if (!ctx.canSeal)
      throw new UnrecoverableError(
        "set PSK_ENCRYPTION_KEY (or MIST_TOKEN_ENCRYPTION_KEY) on the day2 workers",
      );
    ctx.sink(r.sink); // a sink that cannot be reached must stop the rotation before Mist changes
    const passphrase = await store.sealPassphrase(r.id, generateFromPolicy(r.policy));
    if (r.state === "queued") r = await store.update(r.id, { state: "generated", generated_at: now() });
    const mist = await deps.mist.clientFor(r.org_id);
    const psk = await mist.psks.findByName(r.org_id, r.psk_name);
    if (!psk) throw new UnrecoverableError(`org ${r.org_id} has no PSK named ${r.psk_name}`);
    // Already set by an earlier attempt whose answer was lost: setting it again would push the
    // real previous passphrase out of old_passphrase.
    if (psk.passphrase !== passphrase)
      await mist.psks.update(r.org_id, psk.id, { name: psk.name, ssid: psk.ssid, passphrase });
    r = await store.update(r.id, {
      state: "applied",
      applied_at: now(),
      psk_id: psk.id,
      ssid: psk.ssid,
      passphrase_fingerprint: store.fingerprint(passphrase),
    });
    deps.log.info(
      rotationLogFields(r),
      "PSK rotation: new passphrase set in Mist, previous kept as old_passphrase",
    );
  }
  if (r.state === "applied") {
    const passphrase = await store.openPassphrase(r.id);
    if (passphrase === undefined)
      throw new UnrecoverableError(
        "the sealed passphrase expired before the sink took it; start a new rotation",
      );
    const until = new Date(Date.now() + r.overlap_s * 1_000).toISOString();
    await deliverToSink(
      ctx.sink(r.sink),
      {
        rotation_id: r.id,
        org_id: r.org_id,
        psk_id: r.psk_id ?? "",
        psk_name: r.psk_name,
        ssid: r.ssid ?? "",
        passphrase,
        old_passphrase_until: until,
      },
      ctx.sinkTimeoutMs,
    );
    r = await store.update(r.id, { state: "delivered", delivered_at: now(), old_passphrase_until: until });
    await store.dropPassphrase(r.id);
    deps.log.info({ ...rotationLogFields(r), sink: r.sink, until }, "PSK rotation: delivered to the sink");
  }
  if (r.state === "delivered") {
    const delayMs = Date.parse(r.old_passphrase_until ?? now()) - Date.now();
    await scheduleOldPassphraseExpiry(
      deps.queue,
      r.id,
      delayMs,
      pskRotationRetryPolicy(deps.env.PSK_ROTATION_BACKOFF_MS),
    );
  }
  return { rotation_id: r.id, state: r.state };
}

/**
 * Marks the rotation failed. Before Mist had the new passphrase nothing changed, so the PSK is
 * free for the next rotation. After it, the sink still lacks the passphrase Mist now has: the
 * sealed copy and the PSK's lock stay so a retry can still deliver it, and `old_passphrase` is
 * left in place, so clients keep working on the previous passphrase meanwhile.
 */
async function failRotation(ctx: PskRotationContext, r: StoredPskRotation, e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  await ctx.store.update(r.id, { state: "failed", failed_at: now(), failed_in: r.state, error: message });
  if (r.state === "queued" || r.state === "generated") {
    await ctx.store.dropPassphrase(r.id);
    await ctx.store.release(r);
  }
}

export const rotatePsk: Day2Handler = day2Job(JOB_CATALOG.rotatePsk, (deps) => {
  const ctx = pskRotationContext(deps);
  return {
    run: async ({ rotation_id }) => {
      const record = await ctx.store.getStored(rotation_id);
      if (!record) throw new UnrecoverableError(`PSK rotation ${rotation_id} has no record`);
      if (record.state === "failed" || record.state === "old_removed")
        return { rotation_id, state: record.state };
      return advance(ctx, deps, record);
    },
    onRetry: async ({ rotation_id }, failure) => {
      const current = await ctx.store.getStored(rotation_id);
      deps.log.warn(
        { ...(current ? rotationLogFields(current) : { rotation_id }), err: failure.message },
        "PSK rotation attempt failed; retrying",
      );
    },
    onFinal: async ({ rotation_id }, failure) => {
      const current = await ctx.store.getStored(rotation_id);
      if (current) await failRotation(ctx, current, failure.message);
      deps.log.error(
        { ...(current ? rotationLogFields(current) : { rotation_id }), err: failure.message },
        "PSK rotation failed",
      );
    },
  };
});
