import { readFile } from "node:fs/promises";
import { IpamConfigError } from "../errors";
import { DEFAULT_IPAM_CONFIG } from "./default-config";
import { parseIpamConfig } from "./parse";
import type { IpamConfig } from "./schema";

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Reads a JSON config file; no path (or an empty one, as an unset env var gives) means the defaults.
 * YAML is refused explicitly: this package carries no YAML parser and a JSON syntax error on a YAML
 * file would only confuse.
 */
export async function loadIpamConfig(path?: string): Promise<IpamConfig> {
  if (!path) return DEFAULT_IPAM_CONFIG;
  if (/\.ya?ml$/i.test(path))
    throw new IpamConfigError(["YAML is not supported; write the config as JSON"], { source: path });
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new IpamConfigError([`cannot read the file: ${messageOf(cause)}`], { source: path, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new IpamConfigError([`not valid JSON: ${messageOf(cause)}`], { source: path, cause });
  }
  return parseIpamConfig(json, path);
}
