import { z } from "zod";

/**
 * Inbound ticket payloads, as the vendors document them. Loose objects: the mapping reads
 * whatever custom fields a site has, so only what the intake itself relies on is checked.
 */

/** A Jira issue as the REST API and webhooks render it (`fields.customfield_…` included). */
export const JiraIssue = z.looseObject({
  id: z.union([z.string(), z.number()]),
  key: z.string().min(1),
  fields: z.record(z.string(), z.unknown()),
});
export type JiraIssue = z.infer<typeof JiraIssue>;

/**
 * One change of a `jira:issue_updated` changelog. Jira names the new value's label `toString`,
 * which every object inherits, so read it through `changelogValue` rather than as a property.
 */
export const JiraChangelogItem = z.looseObject({
  field: z.string(),
  fieldId: z.string().optional(),
  fieldtype: z.string().optional(),
});
export type JiraChangelogItem = z.infer<typeof JiraChangelogItem>;

/** `from`, `fromString`, `to`, `toString` of a changelog item, own properties only. */
export const changelogValue = (
  item: JiraChangelogItem,
  name: "from" | "fromString" | "to" | "toString",
): string | undefined => {
  if (!Object.hasOwn(item, name)) return undefined;
  const value = (item as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
};

/** Admin-registered Jira webhooks (`jira:issue_created`, `jira:issue_updated`, …). */
export const JiraWebhookEvent = z.looseObject({
  webhookEvent: z.string().min(1),
  timestamp: z.number().optional(),
  issue_event_type_name: z.string().optional(),
  issue: JiraIssue,
  changelog: z
    .looseObject({ id: z.union([z.string(), z.number()]).optional(), items: z.array(JiraChangelogItem) })
    .optional(),
});
export type JiraWebhookEvent = z.infer<typeof JiraWebhookEvent>;

/**
 * Jira Automation "Send web request": "Issue data (Jira format)" wraps the issue as `{issue}`,
 * "Issue data (Automation format)" sends the issue itself. Neither carries a `webhookEvent`.
 */
export const JiraAutomationPayload = z.union([z.looseObject({ issue: JiraIssue }), JiraIssue]);
export type JiraAutomationPayload = z.infer<typeof JiraAutomationPayload>;

/**
 * A ServiceNow record as a Business Rule sends it: `sys_id` addresses it in the Table API,
 * `number` (CHG0030001, RITM0010001 …) is what people call it, the rest are the table's fields.
 */
export const ServiceNowRecord = z.looseObject({
  sys_id: z.string().regex(/^[0-9a-f]{32}$/, "must be a ServiceNow sys_id (32 hex digits)"),
  number: z.string().min(1).optional(),
  state: z.union([z.string(), z.number()]).optional(),
});
export type ServiceNowRecord = z.infer<typeof ServiceNowRecord>;

/** Anything a generic (Standard Webhooks) sender posts: a JSON object. */
export const GenericTicketEvent = z.record(z.string(), z.unknown());
export type GenericTicketEvent = z.infer<typeof GenericTicketEvent>;
