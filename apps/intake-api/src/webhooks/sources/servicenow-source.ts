import { ServiceNowRecord, type ServiceNowSourceConfig } from "@mistflow/contracts";
import { validationError } from "../../errors";
import { readPath } from "../mapping";
import { rejected, type Verification, verified, verifyBase64Hmac, verifyBasicAuth } from "../verify";
import { unmatchedTrigger } from "./field-trigger";
import { payloadError } from "./payload-error";
import { ignored, type SecretLookup, type WebhookSource } from "./webhook-source";

const TICKET_KEY = /^[A-Za-z0-9._@/+=-]{1,150}$/;

/**
 * ServiceNow: a Business Rule posts the record with `sn_ws.RESTMessageV2`, authenticated by
 * Basic auth and/or a base64 HMAC of the body. Every credential presented must be right.
 */
export function serviceNowSource(
  name: string,
  config: ServiceNowSourceConfig,
  secret: SecretLookup,
): WebhookSource {
  const base = `sources.${name}.auth`;
  const basic = config.auth.basic && {
    username: secret(config.auth.basic.username_env, `${base}.basic.username_env`),
    password: secret(config.auth.basic.password_env, `${base}.basic.password_env`),
  };
  const hmac = config.auth.hmac && {
    header: config.auth.hmac.header,
    secret: secret(config.auth.hmac.secret_env, `${base}.hmac.secret_env`),
  };

  return {
    name,
    type: "servicenow",
    mapping: config.mapping,
    authenticate(request) {
      const checks: Verification[] = [];
      const authorization = request.header("authorization");
      if (basic && authorization !== undefined) {
        checks.push(verifyBasicAuth(authorization, basic.username, basic.password));
      }
      const mac = hmac ? request.header(hmac.header) : undefined;
      if (hmac && mac !== undefined)
        checks.push(verifyBase64Hmac(request.raw, mac, hmac.secret, hmac.header));
      if (checks.length === 0) {
        return rejected(
          `missing ${[basic && "Basic credentials", hmac?.header].filter(Boolean).join(" or ")}`,
        );
      }
      return checks.find((c) => !c.ok) ?? verified;
    },
    interpret(body) {
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw validationError([{ field: "body", message: "must be a ServiceNow record (JSON object)" }], 422);
      }
      const why = unmatchedTrigger(config.trigger, body);
      const number = readPath(body, "number");
      const label = typeof number === "string" ? number : "the record";
      if (why) return ignored(`${label}: ${why}`);
      const parsed = ServiceNowRecord.safeParse(body);
      if (!parsed.success) throw payloadError(parsed.error, "ServiceNow record");
      const rawKey = readPath(parsed.data, config.ticket_key);
      const key =
        typeof rawKey === "string" || typeof rawKey === "number" ? String(rawKey) : parsed.data.sys_id;
      if (!TICKET_KEY.test(key)) {
        throw validationError([{ field: config.ticket_key, message: "is not a usable ticket number" }], 422);
      }
      return {
        kind: "ticket",
        ticket: { source: name, type: "servicenow", key, sys_id: parsed.data.sys_id },
        subject: parsed.data,
      };
    },
  };
}
