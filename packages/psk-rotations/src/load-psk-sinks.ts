import { readJsonSetting } from "@mistflow/config";
import { type PskSinksConfig, PskSinksConfigError, parsePskSinksConfig } from "@mistflow/contracts";

/**
 * `PSK_SINKS_FILE` (or `PSK_SINKS`, the same JSON inline): the configured sinks, none when
 * neither is set. A bad file throws a `PskSinksConfigError` naming the setting.
 */
export function loadPskSinksConfig(source: {
  file?: string | undefined;
  json?: string | undefined;
}): PskSinksConfig {
  const read = readJsonSetting(
    { file: source.file, inline: source.json, fileLabel: "PSK sinks config", inlineName: "PSK_SINKS" },
    (message, origin) => new PskSinksConfigError(`${origin}: ${message}`),
  );
  return read ? parsePskSinksConfig(read.json, read.origin) : { sinks: {} };
}
