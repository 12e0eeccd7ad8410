import { createHmac } from "node:crypto";
import type { GenericSourceConfig } from "@mistflow/contracts";
import { UnrecoverableError } from "bullmq";
import { JSON_HEADERS, type WriteBackTarget } from "./write-back-target";

type GenericWriteBack = NonNullable<GenericSourceConfig["write_back"]>;

const SECRET = /^(whsec_)?([A-Za-z0-9+/]+={0,2})$/;

/** The HMAC key of a `whsec_<base64>` secret, as Standard Webhooks libraries derive it. */
export function standardWebhooksKey(secret: string): Buffer | undefined {
  const match = SECRET.exec(secret.trim());
  if (!match?.[2]) return undefined;
  const key = Buffer.from(match[2], "base64");
  return key.length >= 16 && key.length <= 128 ? key : undefined;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the `webhook-signature` of Standard Webhooks. */
export function standardWebhookSignature(key: Buffer, id: string, timestamp: string, body: string): string {
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * A Standard Webhooks POST to the ticket's callback (if on an allowed origin) or the configured
 * one. `webhook-id` stays the same across retries so the receiver can deduplicate.
 */
export function genericTarget(source: string, config: GenericWriteBack, key: Buffer): WriteBackTarget {
  const allowed = new Set([
    ...config.allowed_callback_origins,
    ...(config.callback_url ? [new URL(config.callback_url).origin] : []),
  ]);
  return {
    source,
    type: "generic",
    events: config.events,
    calls(ticket, message, messageId) {
      const url = ticket.callback_url ?? config.callback_url;
      if (!url)
        throw new UnrecoverableError(`ticket ${ticket.key} has no callback URL and none is configured`);
      const { origin, pathname } = new URL(url);
      // Checked again here: the config may have changed since the ticket was accepted.
      if (!allowed.has(origin)) throw new UnrecoverableError(`callback origin ${origin} is not allowed`);
      const timestamp = String(Math.floor(Date.now() / 1_000));
      const body = JSON.stringify({
        type: `deployment.${message.event}`,
        timestamp: new Date().toISOString(),
        data: { ...message.data, event: message.event, headline: message.headline, details: message.details },
      });
      return [
        {
          name: "callback",
          label: `callback POST ${origin}${pathname}`,
          method: "POST",
          url,
          headers: {
            ...JSON_HEADERS,
            "webhook-id": messageId,
            "webhook-timestamp": timestamp,
            "webhook-signature": standardWebhookSignature(key, messageId, timestamp, body),
          },
          body,
        },
      ];
    },
  };
}
