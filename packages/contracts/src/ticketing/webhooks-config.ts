import { z } from "zod";
import { VarName } from "../deployment/request";
import { NOTIFY_EVENTS, NotifyEvent } from "./notify-job";
import { SourceName, TICKET_SOURCE_TYPES } from "./ticket-ref";

/**
 * `WEBHOOKS_CONFIG_FILE`: which ticketing systems may start deployments, how their tickets map
 * onto a deployment, which transition triggers, and where results are written back. Secrets are
 * referenced by environment variable NAME, so the file can be reviewed and committed.
 */

/** Deployment fields a ticket field can fill, besides `vars.<name>`. */
export const MAPPED_FIELDS = [
  "org_id",
  "blueprint",
  "site.name",
  "site.address",
  "site.timezone",
  "site.country_code",
  "site.region",
  "site.notes",
  "site.latlng.lat",
  "site.latlng.lng",
  "devices.claim_codes",
  "devices.macs",
  "devices.serials",
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number] | `vars.${string}`;

/** Without these no deployment can be built, so a mapping must say where each comes from. */
export const REQUIRED_MAPPED_FIELDS = [
  "org_id",
  "blueprint",
  "site.name",
  "site.address",
  "site.timezone",
  "site.country_code",
  "site.region",
] as const satisfies readonly MappedField[];

export const isMappedField = (name: string): name is MappedField =>
  (MAPPED_FIELDS as readonly string[]).includes(name) ||
  (name.startsWith("vars.") && VarName.safeParse(name.slice(5)).success);

/** `fields.customfield_10050`, `u_site_name`, `data.site.name`, `fields.components[0].name`. */
export const TicketPath = z
  .string()
  .regex(
    /^[^.\s[\]]+(\.[^.\s[\]]+|\[\d+\])*$/,
    "must be a dotted path into the ticket, such as fields.customfield_10050",
  );

const Constant = z.union([z.string(), z.number(), z.array(z.string())]);

/** A ticket path, a path with a default, or a constant (org ids, a default blueprint …). */
export const FieldSource = z.union([
  TicketPath,
  z.strictObject({ path: TicketPath, default: Constant.optional() }),
  z.strictObject({ const: Constant }),
]);
export type FieldSource = z.infer<typeof FieldSource>;

export const FieldMapping = z.record(z.string(), FieldSource).superRefine((mapping, ctx) => {
  for (const key of Object.keys(mapping)) {
    if (!isMappedField(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `unknown deployment field (one of ${MAPPED_FIELDS.join(", ")}, or vars.<name>)`,
      });
    }
  }
  for (const field of REQUIRED_MAPPED_FIELDS) {
    if (!(field in mapping)) {
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: 'is required: map a ticket field to it, or give it as {"const": …}',
      });
    }
  }
});
export type FieldMapping = z.infer<typeof FieldMapping>;

const EnvName = z
  .string()
  .regex(
    /^[A-Z_][A-Z0-9_]{0,127}$/,
    "must be the NAME of an environment variable (such as JIRA_WEBHOOK_SECRET), never a secret itself",
  );
const HeaderName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name")
  .transform((h) => h.toLowerCase());
const HttpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .transform((u) => u.replace(/\/+$/, ""));
const Events = z
  .array(NotifyEvent)
  .min(1)
  .default([...NOTIFY_EVENTS]);
const TableName = z.string().regex(/^[a-z][a-z0-9_]{0,79}$/, "must be a ServiceNow table or column name");

/** `field` of the ticket equals one of `equals` (compared as trimmed strings, ignoring case). */
export const FieldTrigger = z.strictObject({
  field: TicketPath,
  equals: z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
});
export type FieldTrigger = z.infer<typeof FieldTrigger>;

export const JIRA_TRIGGER_EVENTS = ["jira:issue_updated", "jira:issue_created"] as const;

export const JiraSourceConfig = z.strictObject({
  type: z.literal("jira"),
  enabled: z.boolean().default(true),
  auth: z
    .strictObject({
      /** The Secret of an admin webhook: Jira signs with `X-Hub-Signature: sha256=<hex>`. */
      hmac_secret_env: EnvName.optional(),
      /** Jira Automation "Send web request" cannot sign; it sends this secret in a header instead. */
      shared_secret_env: EnvName.optional(),
      shared_secret_header: HeaderName.default("x-mistflow-token"),
    })
    .refine((a) => a.hmac_secret_env || a.shared_secret_env, {
      message: "set hmac_secret_env (signed webhooks) and/or shared_secret_env (Jira Automation)",
    }),
  trigger: z.strictObject({
    /** The status an issue moves to when it is approved, e.g. "Approved". */
    status: z.string().trim().min(1),
    events: z
      .array(z.enum(JIRA_TRIGGER_EVENTS))
      .min(1)
      .default([...JIRA_TRIGGER_EVENTS]),
  }),
  mapping: FieldMapping,
  write_back: z
    .strictObject({
      /** The site, e.g. https://acme.atlassian.net; REST calls use Basic auth with email + API token. */
      base_url: HttpUrl,
      email_env: EnvName,
      api_token_env: EnvName,
      events: Events,
      /** Transition ids to apply after commenting, per event (GET /rest/api/3/issue/{key}/transitions). */
      transitions: z
        .partialRecord(NotifyEvent, z.string().regex(/^\d+$/, "must be a transition id"))
        .default({}),
    })
    .optional(),
});

export const ServiceNowSourceConfig = z.strictObject({
  type: z.literal("servicenow"),
  enabled: z.boolean().default(true),
  auth: z
    .strictObject({
      basic: z.strictObject({ username_env: EnvName, password_env: EnvName }).optional(),
      /** `GlideCertificateEncryption.generateMac(…, "HmacSHA256", body)`: base64 HMAC of the body. */
      hmac: z
        .strictObject({ secret_env: EnvName, header: HeaderName.default("x-mistflow-signature") })
        .optional(),
    })
    .refine((a) => a.basic || a.hmac, { message: "set basic and/or hmac" }),
  trigger: FieldTrigger,
  ticket_key: TicketPath.default("number"),
  mapping: FieldMapping,
  write_back: z
    .strictObject({
      instance_url: HttpUrl,
      username_env: EnvName,
      password_env: EnvName,
      /** The record's table, e.g. change_request or sc_req_item. Never taken from a request. */
      table: TableName,
      work_notes_field: TableName.default("work_notes"),
      /** `state` values to set, per event (e.g. {"succeeded": "3"}). */
      states: z.partialRecord(NotifyEvent, z.string().min(1)).default({}),
      events: Events,
    })
    .optional(),
});

export const GenericSourceConfig = z.strictObject({
  type: z.literal("generic"),
  enabled: z.boolean().default(true),
  /** Standard Webhooks: `whsec_<base64>` secret, signatures over `id.timestamp.body`. */
  auth: z.strictObject({
    secret_env: EnvName,
    tolerance_s: z.number().int().min(1).max(3_600).default(300),
  }),
  trigger: FieldTrigger,
  ticket_key: TicketPath,
  /** Where in the event a callback URL may be given; it must be on an allowed origin. */
  callback_url_path: TicketPath.optional(),
  mapping: FieldMapping,
  write_back: z
    .strictObject({
      callback_url: HttpUrl.optional(),
      allowed_callback_origins: z.array(HttpUrl.transform((u) => new URL(u).origin)).default([]),
      secret_env: EnvName,
      events: Events,
    })
    .refine((w) => w.callback_url || w.allowed_callback_origins.length > 0, {
      message: "set callback_url and/or allowed_callback_origins",
    })
    .optional(),
});

export const WebhookSourceConfig = z.discriminatedUnion("type", [
  JiraSourceConfig,
  ServiceNowSourceConfig,
  GenericSourceConfig,
]);
export type WebhookSourceConfig = z.infer<typeof WebhookSourceConfig>;
export type JiraSourceConfig = z.infer<typeof JiraSourceConfig>;
export type ServiceNowSourceConfig = z.infer<typeof ServiceNowSourceConfig>;
export type GenericSourceConfig = z.infer<typeof GenericSourceConfig>;

/** A source named after its type (`"jira": {…}`) may leave `type` out. */
const inferTypes = (sources: unknown) =>
  sources && typeof sources === "object" && !Array.isArray(sources)
    ? Object.fromEntries(
        Object.entries(sources).map(([name, src]) =>
          src &&
          typeof src === "object" &&
          !("type" in src) &&
          (TICKET_SOURCE_TYPES as readonly string[]).includes(name)
            ? [name, { type: name, ...src }]
            : [name, src],
        ),
      )
    : sources;

export const WebhooksConfig = z.strictObject({
  /** Base URL people use to reach the intake API, for links in write-backs. */
  public_url: HttpUrl.optional(),
  sources: z.preprocess(inferTypes, z.record(SourceName, WebhookSourceConfig)),
});
export type WebhooksConfig = z.infer<typeof WebhooksConfig>;

export class WebhooksConfigError extends Error {
  override name = "WebhooksConfigError";
  constructor(
    readonly issues: string[],
    origin = "webhooks config",
  ) {
    super(`Invalid ${origin}:\n  ${issues.join("\n  ")}`);
  }
}
export const isWebhooksConfigError = (e: unknown): e is WebhooksConfigError =>
  e instanceof Error && e.name === "WebhooksConfigError";

/** Parses the config, or throws a `WebhooksConfigError` naming every bad setting by its path. */
export function parseWebhooksConfig(value: unknown, origin?: string): WebhooksConfig {
  const parsed = WebhooksConfig.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new WebhooksConfigError(
    parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`),
    origin,
  );
}

/** Turns an unreadable or malformed `WEBHOOKS_CONFIG_FILE` into a `WebhooksConfigError` too. */
export const webhooksConfigReadError = (message: string, origin: string): WebhooksConfigError =>
  new WebhooksConfigError([message], origin);
