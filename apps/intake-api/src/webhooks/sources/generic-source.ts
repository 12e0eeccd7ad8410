import { type GenericSourceConfig, GenericTicketEvent, WebhooksConfigError } from "@mistflow/contracts";
import { validationError } from "../../errors";
import { readPath } from "../mapping";
import { standardWebhooksKey, verifyStandardWebhook } from "../verify";
import { unmatchedTrigger } from "./field-trigger";
import { payloadError } from "./payload-error";
import { ignored, type SecretLookup, type WebhookSource } from "./webhook-source";

const TICKET_KEY = /^[A-Za-z0-9._@/+=-]{1,150}$/;

/**
 * Any system that speaks Standard Webhooks. A callback URL in the event is honoured only on an
 * origin the config allows: otherwise anyone able to sign could aim mistflow's signed events at
 * any host.
 */
export function genericSource(
  name: string,
  config: GenericSourceConfig,
  secret: SecretLookup,
): WebhookSource {
  const setting = `sources.${name}.auth.secret_env`;
  const value = secret(config.auth.secret_env, setting);
  const key = standardWebhooksKey(value);
  if (value !== "" && !key) {
    // Names the variable, never its value.
    throw new WebhooksConfigError([
      `${setting}: ${config.auth.secret_env} is not a Standard Webhooks secret (whsec_<base64 of 16-128 bytes>)`,
    ]);
  }
  const origins = new Set(config.write_back?.allowed_callback_origins ?? []);

  const callbackOf = (event: Record<string, unknown>): string | undefined => {
    if (!config.callback_url_path || !config.write_back) return undefined;
    const raw = readPath(event, config.callback_url_path);
    if (raw === undefined || raw === null || raw === "") return undefined;
    const field = config.callback_url_path;
    let url: URL;
    try {
      url = new URL(String(raw));
    } catch {
      throw validationError([{ field, message: "is not a URL" }], 422);
    }
    if (!origins.has(url.origin)) {
      throw validationError([{ field, message: `${url.origin} is not an allowed callback origin` }], 422);
    }
    return url.toString();
  };

  return {
    name,
    type: "generic",
    mapping: config.mapping,
    authenticate(request) {
      const result = verifyStandardWebhook(
        request.raw,
        {
          id: request.header("webhook-id"),
          timestamp: request.header("webhook-timestamp"),
          signature: request.header("webhook-signature"),
        },
        key ?? Buffer.alloc(0),
        { toleranceS: config.auth.tolerance_s },
      );
      return result.ok ? { ok: true, deliveryId: request.header("webhook-id") as string } : result;
    },
    interpret(body) {
      const parsed = GenericTicketEvent.safeParse(body);
      if (!parsed.success) throw payloadError(parsed.error, "event");
      const why = unmatchedTrigger(config.trigger, parsed.data);
      if (why) return ignored(why);
      const rawKey = readPath(parsed.data, config.ticket_key);
      const ticketKey = typeof rawKey === "string" || typeof rawKey === "number" ? String(rawKey).trim() : "";
      if (!TICKET_KEY.test(ticketKey)) {
        throw validationError(
          [{ field: config.ticket_key, message: "must be the ticket id: 1-150 URL-safe characters" }],
          422,
        );
      }
      const callback = callbackOf(parsed.data);
      return {
        kind: "ticket",
        ticket: {
          source: name,
          type: "generic",
          key: ticketKey,
          ...(callback ? { callback_url: callback } : {}),
        },
        subject: parsed.data,
      };
    },
  };
}
