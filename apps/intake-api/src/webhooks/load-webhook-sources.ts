import { readJsonSetting } from "@mistflow/config";
import { parseWebhooksConfig, WebhooksConfigError, webhooksConfigReadError } from "@mistflow/contracts";
import { createSource, type WebhookSource } from "./sources";

export type WebhookSources = ReadonlyMap<string, WebhookSource>;

/**
 * Builds the enabled sources of a parsed config, resolving every secret from `env` by name.
 * Every missing variable is reported at once, so a deploy fails at startup with the full list
 * instead of answering 401 to the first real ticket.
 */
export function buildWebhookSources(
  config: unknown,
  env: Record<string, string | undefined>,
  origin?: string,
) {
  const parsed = parseWebhooksConfig(config, origin);
  const missing: string[] = [];
  const secret = (name: string, setting: string): string => {
    const value = env[name];
    if (value === undefined || value === "") {
      missing.push(`${setting}: environment variable ${name} is not set`);
      return "";
    }
    return value;
  };
  const sources = new Map<string, WebhookSource>();
  for (const [name, source] of Object.entries(parsed.sources)) {
    if (source.enabled) sources.set(name, createSource(name, source, secret));
  }
  if (missing.length > 0) throw new WebhooksConfigError(missing, origin);
  return sources satisfies WebhookSources;
}

/** `WEBHOOKS_CONFIG_FILE`, or no sources at all (every `/v1/webhooks/*` answers 404). */
export async function loadWebhookSources(
  file: string | undefined,
  env: Record<string, string | undefined>,
): Promise<WebhookSources> {
  if (!file) return new Map();
  const read = readJsonSetting({ file, fileLabel: "webhooks config" }, webhooksConfigReadError);
  if (!read) throw webhooksConfigReadError("the file is empty", `webhooks config ${file}`);
  const { json, origin } = read;
  return buildWebhookSources(json, env, origin);
}
