import { randomInt } from "node:crypto";

/** No look-alikes (0/O, 1/l/I): people type these into IoT devices. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** CSPRNG passphrase; `randomInt` is uniform, unlike `byte % length`. */
export function generatePassphrase(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
