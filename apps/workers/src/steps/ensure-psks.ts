import type { BlueprintPsk } from "@mistflow/contracts";
import { StepFailure } from "@mistflow/worker-runtime";
import { generatePassphrase } from "../secrets";
import { matchesDesired } from "./matches-desired";
import { keyed, type StepContext, type StepHandler } from "./step-context";

const passphraseFor = (ctx: StepContext, psk: BlueprintPsk): string => {
  if ("generate" in psk.passphrase) return generatePassphrase(psk.passphrase.length);
  const value = ctx.secrets.get(psk.passphrase.secret);
  if (!value)
    throw new StepFailure(
      `PSK ${psk.name}: secret ${psk.passphrase.secret} is not configured on the workers`,
    );
  return value;
};

/**
 * Step 13: org PSKs, by name. An existing PSK keeps its passphrase (changing it is rotation, a
 * Day-2 action with an overlap window); only its other fields are brought in line. The
 * passphrase goes to Mist and nowhere else: not the record, not the logs, not the job.
 */
export const ensurePsks: StepHandler = async (ctx) => {
  if (ctx.blueprint.psks.length === 0) return { mist_ids: {}, note: "the blueprint defines no PSKs" };
  const ids = new Map<string, string>();
  let created = 0;
  let updated = 0;
  await ctx.lock.with(`${ctx.orgId}:psks`, async () => {
    const existing = await ctx.mist.orgObjects.list(ctx.orgId, "psks");
    for (const psk of ctx.blueprint.psks) {
      const { passphrase: _spec, ...fields } = psk;
      const found = existing.find((p) => p.name === psk.name);
      if (!found) {
        const made = await ctx.mist.psks.create(
          ctx.orgId,
          { ...fields, passphrase: passphraseFor(ctx, psk) },
          { upsert: false },
        );
        ids.set(psk.name, made.id);
        created++;
        continue;
      }
      if (!matchesDesired(fields, found)) {
        await ctx.mist.orgObjects.update(ctx.orgId, "psks", found.id, fields);
        updated++;
      }
      ids.set(psk.name, found.id);
    }
  });
  const unchanged = ids.size - created - updated;
  return {
    mist_ids: keyed("psk", ids),
    note: `${ids.size} PSKs: ${created} created, ${updated} updated, ${unchanged} unchanged`,
  };
};
