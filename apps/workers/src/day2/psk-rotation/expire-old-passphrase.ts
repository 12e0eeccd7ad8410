import { isMistNotFoundError } from "@mistflow/mist-client";
import { JOB_CATALOG } from "@mistflow/queues";
import { UnrecoverableError } from "bullmq";
import { day2Job } from "../day2-job";
import type { Day2Handler } from "../handlers";
import { pskRotationContext, rotationLogFields } from "./psk-rotation-context";

/**
 * The end of the overlap (a delayed job): `delete_old_passphrase`, after which only the new
 * passphrase works. If the PSK's passphrase is no longer the one this rotation set (someone
 * changed it in Mist since), its `old_passphrase` belongs to that change and is left alone.
 */
export const expireOldPassphrase: Day2Handler = day2Job(JOB_CATALOG.expirePskOldPassphrase, (deps) => {
  const { store } = pskRotationContext(deps);
  const failedFields = (error: string) => ({
    state: "failed" as const,
    failed_at: new Date().toISOString(),
    failed_in: "delivered" as const,
    error,
  });
  return {
    run: async ({ rotation_id }) => {
      const r = await store.getStored(rotation_id);
      if (!r) throw new UnrecoverableError(`PSK rotation ${rotation_id} has no record`);
      if (r.state !== "delivered") return { rotation_id, state: r.state };
      const finish = async (patch: Parameters<typeof store.update>[1], message: string) => {
        const done = await store.update(r.id, patch);
        await store.release(r);
        deps.log.info(rotationLogFields(done), message);
        return { rotation_id, state: done.state };
      };
      if (!r.psk_id) throw new UnrecoverableError("the rotation recorded no PSK id");
      const mist = await deps.mist.clientFor(r.org_id);
      try {
        const psk = await mist.psks.get(r.org_id, r.psk_id);
        if (psk.passphrase !== undefined && store.fingerprint(psk.passphrase) !== r.passphrase_fingerprint) {
          return await finish(
            failedFields(
              "the PSK's passphrase changed outside this rotation; its old_passphrase was left in place",
            ),
            "PSK rotation: passphrase changed elsewhere, old_passphrase left alone",
          );
        }
        if (psk.old_passphrase !== undefined) await mist.psks.deleteOldPassphrase(r.org_id, r.psk_id);
      } catch (e) {
        if (!isMistNotFoundError(e)) throw e;
        return finish(
          failedFields(`PSK gone: ${e.message}`),
          "PSK rotation: the PSK was deleted during the overlap",
        );
      }
      return finish(
        { state: "old_removed", old_removed_at: new Date().toISOString() },
        "PSK rotation: overlap over, old_passphrase removed",
      );
    },
    onRetry: async ({ rotation_id }, failure) => {
      deps.log.warn({ rotation_id, err: failure.message }, "removing old_passphrase failed; retrying");
    },
    onFinal: async ({ rotation_id }, failure) => {
      // The lock stays: until old_passphrase is gone, another rotation would cut clients off early.
      const r = await store.getStored(rotation_id);
      if (r?.state === "delivered") await store.update(r.id, failedFields(failure.message));
      deps.log.error(
        { ...(r ? rotationLogFields(r) : { rotation_id }), err: failure.message },
        "removing old_passphrase failed",
      );
    },
  };
});
