import { type PskSinksConfig, PskSinksConfigError } from "@mistflow/contracts";
import { UnrecoverableError } from "bullmq";
import { standardWebhookSignature, standardWebhooksKey } from "../../notify/targets/generic-target";

/** A configured sink with its signing key resolved from the environment. */
export interface PskSink {
  name: string;
  url: string;
  key: Buffer;
}

/** What the sink learns about a rotation; the only place a new passphrase is ever sent besides Mist. */
export interface PskDelivery {
  rotation_id: string;
  org_id: string;
  psk_id: string;
  psk_name: string;
  ssid: string;
  passphrase: string;
  /** When the previous passphrase stops working. */
  old_passphrase_until: string;
}

/** The sinks of `PSK_SINKS_FILE` / `PSK_SINKS`, each secret looked up in `secretEnv` by its name. */
export function loadPskSinks(
  config: PskSinksConfig,
  secretEnv: Record<string, string | undefined>,
): ReadonlyMap<string, PskSink> {
  const sinks = new Map<string, PskSink>();
  for (const [name, sink] of Object.entries(config.sinks)) {
    const secret = secretEnv[sink.secret_env];
    if (!secret) throw new PskSinksConfigError(`PSK sink ${name}: ${sink.secret_env} is not set`);
    const key = standardWebhooksKey(secret);
    if (!key)
      throw new PskSinksConfigError(
        `PSK sink ${name}: ${sink.secret_env} must be a Standard Webhooks secret (whsec_ + 16-128 bytes base64)`,
      );
    sinks.set(name, { name, url: sink.url, key });
  }
  return sinks;
}

/** The signed request: Standard Webhooks headers, `webhook-id` stable across retries for dedup. */
export function sinkRequest(
  sink: PskSink,
  delivery: PskDelivery,
  now = new Date(),
): { url: string; headers: Record<string, string>; body: string } {
  const timestamp = String(Math.floor(now.getTime() / 1_000));
  const body = JSON.stringify({ type: "psk.rotated", timestamp: now.toISOString(), data: delivery });
  return {
    url: sink.url,
    headers: {
      "content-type": "application/json",
      "webhook-id": delivery.rotation_id,
      "webhook-timestamp": timestamp,
      "webhook-signature": standardWebhookSignature(sink.key, delivery.rotation_id, timestamp, body),
    },
    body,
  };
}

/** A sink answer worth retrying (5xx, 408, 429) or none at all. */
export class SinkDeliveryError extends Error {
  override name = "SinkDeliveryError";
}

/**
 * POSTs the delivery. Errors name the sink and the status only: a sink that echoes the request
 * in its error body must not carry the passphrase into logs or BullMQ's failure reason.
 * Redirects are not followed (the body must not go elsewhere) and, like other 4xx, are permanent.
 */
export async function deliverToSink(sink: PskSink, delivery: PskDelivery, timeoutMs: number): Promise<void> {
  const req = sinkRequest(sink, delivery);
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    throw new SinkDeliveryError(`PSK sink ${sink.name}: no answer (${cause?.code ?? (e as Error).name})`);
  }
  await res.body?.cancel();
  if (res.ok) return;
  const message = `PSK sink ${sink.name} answered ${res.status}`;
  const transient = res.status >= 500 || res.status === 408 || res.status === 429;
  if (transient) throw new SinkDeliveryError(message);
  throw new UnrecoverableError(res.status < 400 ? `${message} (redirect): fix the sink URL` : message);
}
