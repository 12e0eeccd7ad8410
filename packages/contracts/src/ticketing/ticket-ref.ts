import { z } from "zod";

export const TICKET_SOURCE_TYPES = ["jira", "servicenow", "generic"] as const;
export const TicketSourceType = z.enum(TICKET_SOURCE_TYPES);
export type TicketSourceType = z.infer<typeof TicketSourceType>;

/** A configured webhook source: the path segment of `/v1/webhooks/:source` and the idempotency-key prefix. */
export const SourceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be 1-32 lowercase letters, digits or dashes");

/**
 * The ticket a deployment came from, so write-back knows where to report. Only identifiers:
 * vendor URLs, tables and credentials stay in server-side config, so a request can never point
 * mistflow's credentials at a host or table of its choosing.
 */
export const TicketRef = z.strictObject({
  /** Name of the webhook source in the config (its write-back target). */
  source: SourceName,
  type: TicketSourceType,
  /** Jira issue key, ServiceNow record number, or the generic event's ticket id. */
  key: z.string().min(1).max(200),
  /** ServiceNow record id, which the Table API addresses. */
  sys_id: z
    .string()
    .regex(/^[0-9a-f]{32}$/, "must be a ServiceNow sys_id (32 hex digits)")
    .optional(),
  /** Generic sources: where events go, already checked against the source's allowed origins. */
  callback_url: z.url().optional(),
});
export type TicketRef = z.infer<typeof TicketRef>;
