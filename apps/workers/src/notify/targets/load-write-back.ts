import { readJsonSetting } from "@mistflow/config";
import { parseWebhooksConfig, WebhooksConfigError, webhooksConfigReadError } from "@mistflow/contracts";
import { genericTarget, standardWebhooksKey } from "./generic-target";
import { jiraTarget } from "./jira-target";
import { serviceNowTarget } from "./servicenow-target";
import type { WriteBackTarget } from "./write-back-target";

export interface WriteBack {
  targets: ReadonlyMap<string, WriteBackTarget>;
  publicUrl?: string;
}

/**
 * Every enabled source's write-back target, credentials resolved from `env` by the names the
 * config gives. Missing ones are all reported at startup, by variable name only.
 */
export function buildWriteBack(
  config: unknown,
  env: Record<string, string | undefined>,
  origin?: string,
): WriteBack {
  const parsed = parseWebhooksConfig(config, origin);
  const problems: string[] = [];
  const secret = (name: string, setting: string) => {
    const value = env[name];
    if (!value) problems.push(`${setting}: environment variable ${name} is not set`);
    return value ?? "";
  };
  const targets = new Map<string, WriteBackTarget>();
  for (const [name, source] of Object.entries(parsed.sources)) {
    if (!source.enabled || !source.write_back) continue;
    const at = `sources.${name}.write_back`;
    switch (source.type) {
      case "jira": {
        const wb = source.write_back;
        const email = secret(wb.email_env, `${at}.email_env`);
        const apiToken = secret(wb.api_token_env, `${at}.api_token_env`);
        targets.set(name, jiraTarget(name, wb, { email, apiToken }));
        break;
      }
      case "servicenow": {
        const wb = source.write_back;
        const username = secret(wb.username_env, `${at}.username_env`);
        const password = secret(wb.password_env, `${at}.password_env`);
        targets.set(name, serviceNowTarget(name, wb, { username, password }));
        break;
      }
      case "generic": {
        const wb = source.write_back;
        const value = secret(wb.secret_env, `${at}.secret_env`);
        const key = standardWebhooksKey(value);
        if (value && !key) {
          problems.push(
            `${at}.secret_env: ${wb.secret_env} is not a Standard Webhooks secret (whsec_<base64>)`,
          );
        }
        targets.set(name, genericTarget(name, wb, key ?? Buffer.alloc(0)));
        break;
      }
    }
  }
  if (problems.length > 0) throw new WebhooksConfigError(problems, origin);
  return { targets, ...(parsed.public_url ? { publicUrl: parsed.public_url } : {}) };
}

/** From `WEBHOOKS_CONFIG_FILE`; without one there is nowhere to write back to. */
export async function loadWriteBack(
  file: string | undefined,
  env: Record<string, string | undefined>,
): Promise<WriteBack> {
  if (!file) return { targets: new Map() };
  const read = readJsonSetting({ file, fileLabel: "webhooks config" }, webhooksConfigReadError);
  if (!read) throw webhooksConfigReadError("the file is empty", `webhooks config ${file}`);
  const { json, origin } = read;
  return buildWriteBack(json, env, origin);
}
