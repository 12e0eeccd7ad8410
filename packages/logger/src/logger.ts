import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";

export type { Logger };

/**
 * Field names that may carry secrets anywhere in a log object. Redaction is the second line of
 * defence: the first is never putting tokens or passphrases in objects that get logged.
 */
export const REDACT_PATHS = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "passphrase",
  "*.passphrase",
  "*.*.passphrase",
  "old_passphrase",
  "*.old_passphrase",
  "password",
  "*.password",
  "secret",
  "*.secret",
];

/** JSON lines to stdout, or to `destination` (tests read them back). */
export function createLogger(
  opts: { name: string; level?: string } & LoggerOptions,
  destination?: DestinationStream,
): Logger {
  const { name, level = "info", ...rest } = opts;
  const options: LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    // pid: an API with INTAKE_PROCESSES > 1 has several processes writing one stream.
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...rest,
  };
  return destination ? pino(options, destination) : pino(options);
}
