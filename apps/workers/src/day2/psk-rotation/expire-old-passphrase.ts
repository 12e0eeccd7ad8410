import { isMistNotFoundError, isNoTokenError, isPermanentMistError } from "@mistflow/mist-client";
import { isFinalAttempt, parkJob, rateLimitWaitMs, toThrown } from "@mistflow/worker-runtime";
import { UnrecoverableError } from "bullmq";
import type { Day2Handler } from "../handlers";
import { pskRotationContext, rotationLogFields } from "./psk-rotation-context";
import { parseRotationJob } from "./rotate-psk";

/**
 * The end of the overlap (a delayed job): `delete_old_passphrase`, after which only the new
 * passphrase works. If the PSK's passphrase is no longer the one this rotation set (someone
 * changed it in Mist since), its `old_passphrase` belongs to that change and is left alone.
 */
export const expireOldPassphrase: Day2Handler = async (job, token, deps) => {
  const { rotation_id } = parseRotationJob(job);
  const { store } = pskRotationContext(deps);
  const r = await store.getStored(rotation_id);
  if (!r) throw new UnrecoverableError(`PSK rotation ${rotation_id} has no record`);
  if (r.state !== "delivered") return { rotation_id, state: r.state };
  const finish = async (patch: Parameters<typeof store.update>[1], message: string) => {
    const done = await store.update(r.id, patch);
    await store.release(r);
    deps.log.info(rotationLogFields(done), message);
    return { rotation_id, state: done.state };
  };
  try {
    if (!r.psk_id) throw new UnrecoverableError("the rotation recorded no PSK id");
    const mist = await deps.mist.clientFor(r.org_id);
    const psk = await mist.psks.get(r.org_id, r.psk_id);
    if (psk.passphrase !== undefined && store.fingerprint(psk.passphrase) !== r.passphrase_fingerprint) {
      return await finish(
        {
          state: "failed",
          failed_at: new Date().toISOString(),
          failed_in: "delivered",
          error: "the PSK's passphrase changed outside this rotation; its old_passphrase was left in place",
        },
        "PSK rotation: passphrase changed elsewhere, old_passphrase left alone",
      );
    }
    if (psk.old_passphrase !== undefined) await mist.psks.deleteOldPassphrase(r.org_id, r.psk_id);
    return await finish(
      { state: "old_removed", old_removed_at: new Date().toISOString() },
      "PSK rotation: overlap over, old_passphrase removed",
    );
  } catch (e) {
    const waitMs = rateLimitWaitMs(e);
    if (waitMs !== undefined) return parkJob(job, token, waitMs);
    const err = e instanceof Error ? e.message : String(e);
    if (isMistNotFoundError(e)) {
      return finish(
        {
          state: "failed",
          failed_at: new Date().toISOString(),
          failed_in: "delivered",
          error: `PSK gone: ${err}`,
        },
        "PSK rotation: the PSK was deleted during the overlap",
      );
    }
    const permanent = e instanceof UnrecoverableError || isPermanentMistError(e) || isNoTokenError(e);
    const last = await isFinalAttempt(job, toThrown(e, permanent));
    if (!last) {
      deps.log.warn({ ...rotationLogFields(r), err }, "removing old_passphrase failed; retrying");
      throw e;
    }
    // The lock stays: until old_passphrase is gone, another rotation would cut clients off early.
    await store.update(r.id, {
      state: "failed",
      failed_at: new Date().toISOString(),
      failed_in: "delivered",
      error: err,
    });
    deps.log.error({ ...rotationLogFields(r), err }, "removing old_passphrase failed");
    throw e instanceof UnrecoverableError ? e : new UnrecoverableError(err);
  }
};
