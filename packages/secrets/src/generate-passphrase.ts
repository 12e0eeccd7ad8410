import { randomInt } from "node:crypto";
import { type PassphrasePolicy, policyAlphabets } from "@mistflow/contracts";

/** No look-alikes (0/O, 1/l/I): people type these into IoT devices. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** CSPRNG passphrase; `randomInt` is uniform, unlike `byte % length`. */
export function generatePassphrase(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * A passphrase per policy, uniform over every string the policy allows: characters are drawn
 * independently with `randomInt` from the union of the classes, and a draw lacking a required
 * class is thrown away whole (rejection keeps the distribution flat, where placing one character
 * of each class and shuffling would not).
 */
export function generateFromPolicy(policy: PassphrasePolicy): string {
  const classes = policyAlphabets(policy);
  const alphabet = classes.join("");
  for (;;) {
    let out = "";
    for (let i = 0; i < policy.length; i++) out += alphabet[randomInt(alphabet.length)];
    if (!policy.require_each || classes.every((c) => [...out].some((ch) => c.includes(ch)))) return out;
  }
}
