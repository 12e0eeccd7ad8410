import type { BlueprintPsk } from "@mistflow/contracts";
import { generatePassphrase } from "@mistflow/secrets";
import { StepFailure } from "@mistflow/worker-runtime";
import { objectStep } from "./object-step";
import type { OrgStepContext, OrgStepHandler } from "./step-context";

const passphraseFor = (ctx: OrgStepContext, psk: BlueprintPsk): string => {
  if ("generate" in psk.passphrase) return generatePassphrase(psk.passphrase.length);
  const value = ctx.secrets.get(psk.passphrase.secret);
  if (!value)
    throw new StepFailure(
      `PSK ${psk.name}: secret ${psk.passphrase.secret} is not configured on the workers`,
    );
  return value;
};

/**
 * Step 13: org PSKs, by name. The passphrase is not part of the desired state: an existing PSK
 * keeps its passphrase (changing it is rotation, a Day-2 action with an overlap window) and only
 * its other fields are brought in line. A new PSK gets one at creation, which goes to Mist and
 * nowhere else: not the record, not the logs, not the job.
 */
export const ensurePsks: OrgStepHandler = (ctx) =>
  objectStep("s13", {
    psks: {
      // updateOrgPsk requires the passphrase; repeating Mist's own keeps it (no rotation here).
      updateBody: (fields, found) => {
        if (typeof found.passphrase !== "string")
          throw new Error(`PSK ${String(found.name)}: Mist listed it without its passphrase`);
        return { ...fields, passphrase: found.passphrase };
      },
      create: (_fields, i) => {
        const psk = ctx.blueprint.psks[i];
        if (!psk) throw new Error(`no PSK at index ${i}`);
        return ctx.mist.psks.create(
          ctx.orgId,
          { ...psk, passphrase: passphraseFor(ctx, psk) },
          { upsert: false },
        );
      },
    },
  })(ctx);
