import { createHash } from "node:crypto";
import { DEMO_ORG } from "./test-stack";

/** Vendor-shaped payloads and the webhooks config of the ticketing suite. */

/** ServiceNow record ids are 32 hex digits. */
export const sysId = (number: string) => createHash("md5").update(number).digest("hex");

/** `jira:issue_updated` as Jira Cloud sends it when an issue moves to `to`. */
export const jiraEvent = (key: string, to = "Approved", fields: Record<string, unknown> = {}) => ({
  timestamp: Date.now(),
  webhookEvent: "jira:issue_updated",
  issue_event_type_name: "issue_generic",
  user: { accountId: "5b10a2844c20165700ede21g", displayName: "Ada Approver", active: true },
  issue: {
    id: String(10_000 + Number(key.split("-")[1])),
    self: `https://acme.atlassian.net/rest/api/2/issue/${key}`,
    key,
    fields: {
      summary: `New branch ${key}`,
      issuetype: { name: "Site deployment" },
      status: { name: to, id: "10003" },
      customfield_10050: `${key} Branch`,
      customfield_10051: "12 Harbour Rd, Boston, MA",
      customfield_10052: { value: "NA-EAST", id: "10020" },
      customfield_10053: "America/New_York",
      customfield_10056: null,
      ...fields,
    },
  },
  changelog: {
    id: "10100",
    items: [
      {
        field: "status",
        fieldtype: "jira",
        fieldId: "status",
        from: "10001",
        fromString: "In Review",
        to: "10003",
        toString: to,
      },
    ],
  },
});

/** A change request as the README's Business Rule posts it. */
export const snowRecord = (number: string, state = "-1") => ({
  sys_id: sysId(number),
  number,
  state,
  short_description: `Deploy branch ${number}`,
  u_site_name: `${number} Branch`,
  u_site_address: "1 Market St, San Francisco, CA",
  u_region: "NA-WEST",
  u_timezone: "America/Los_Angeles",
  u_country: "US",
});

const mapping = (fields: Record<string, string>) => ({
  org_id: { const: DEMO_ORG },
  blueprint: { const: "retail-branch" },
  "site.country_code": { path: fields.country ?? "country", default: "US" },
  ...Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "country")),
});

/**
 * Three sources as examples/webhooks.json declares them, writing back to the local servers that
 * play Jira, ServiceNow and a Standard Webhooks receiver. Secrets by env name only.
 */
export const ticketingConfig = (urls: {
  jira: string;
  servicenow: string;
  receiver: string;
  publicUrl: string;
}) => ({
  public_url: urls.publicUrl,
  sources: {
    jira: {
      auth: {
        hmac_secret_env: "JIRA_WEBHOOK_SECRET",
        shared_secret_env: "JIRA_AUTOMATION_SECRET",
        shared_secret_header: "X-Mistflow-Token",
      },
      trigger: { status: "Approved" },
      mapping: mapping({
        "site.name": "fields.customfield_10050",
        "site.address": "fields.customfield_10051",
        "site.region": "fields.customfield_10052",
        "site.timezone": "fields.customfield_10053",
        "site.notes": "fields.summary",
        "devices.claim_codes": "fields.customfield_10056",
        country: "fields.customfield_10054",
      }),
      write_back: {
        base_url: urls.jira,
        email_env: "JIRA_EMAIL",
        api_token_env: "JIRA_API_TOKEN",
        transitions: { succeeded: "41" },
      },
    },
    servicenow: {
      auth: {
        basic: { username_env: "SNOW_WEBHOOK_USER", password_env: "SNOW_WEBHOOK_PASSWORD" },
        hmac: { secret_env: "SNOW_WEBHOOK_SECRET" },
      },
      trigger: { field: "state", equals: "-1" },
      mapping: mapping({
        "site.name": "u_site_name",
        "site.address": "u_site_address",
        "site.region": "u_region",
        "site.timezone": "u_timezone",
        country: "u_country",
      }),
      write_back: {
        instance_url: urls.servicenow,
        username_env: "SNOW_API_USER",
        password_env: "SNOW_API_PASSWORD",
        table: "change_request",
        states: { succeeded: "0" },
      },
    },
    generic: {
      auth: { secret_env: "GENERIC_WEBHOOK_SECRET" },
      trigger: { field: "type", equals: "site.approved" },
      ticket_key: "data.ticket_id",
      callback_url_path: "data.callback_url",
      mapping: mapping({
        "site.name": "data.site.name",
        "site.address": "data.site.address",
        "site.region": "data.site.region",
        "site.timezone": "data.site.timezone",
        country: "data.site.country_code",
      }),
      write_back: { allowed_callback_origins: [urls.receiver], secret_env: "GENERIC_CALLBACK_SECRET" },
    },
  },
});
