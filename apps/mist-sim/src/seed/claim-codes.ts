import { createHash } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * Deterministic claim code `XXXXX-XXXXX-XXXXX` derived from a label, so the default seed (and
 * every test or example that picks codes from it) is identical on every machine and run.
 */
export function deriveClaimCode(label: string): string {
  const digest = createHash("sha256").update(`mist-sim/claim-code/${label}`).digest();
  let out = "";
  for (let i = 0; i < 15; i++) {
    // Modulo bias is irrelevant here: codes only need to be stable and unique.
    out += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
    if (i === 4 || i === 9) out += "-";
  }
  return out;
}
