/** Vendor-shaped payloads for the webhook tests, as Atlassian and ServiceNow document them. */

export const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";

/** A `jira:issue_updated` admin webhook for an issue moved from "In Review" to `to`. */
export function jiraIssueUpdated(key: string, to = "Approved", fields: Record<string, unknown> = {}) {
  return {
    timestamp: 1_750_000_000_000,
    webhookEvent: "jira:issue_updated",
    issue_event_type_name: "issue_generic",
    user: { accountId: "5b10a2844c20165700ede21g", displayName: "Ada Approver", active: true },
    issue: {
      id: "10042",
      self: "https://acme.atlassian.net/rest/api/2/10042",
      key,
      fields: {
        summary: `New branch ${key}`,
        status: { name: to, id: "10003", statusCategory: { key: "indeterminate" } },
        customfield_10050: `Store ${key}`,
        customfield_10051: "12 Harbour Rd, Boston, MA",
        customfield_10052: {
          self: "https://acme.atlassian.net/rest/api/2/customFieldOption/10020",
          value: "NA-EAST",
          id: "10020",
        },
        customfield_10053: "America/New_York",
        customfield_10056: "06C9F-35WOA-XV9AD, 1AB2C-3DE4F-5GH6I",
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
  };
}

/** A ServiceNow change request as a Business Rule would post it. */
export function serviceNowRecord(number: string, state = "-1", fields: Record<string, unknown> = {}) {
  return {
    sys_id: "a9e30c7dc61122760116894de7bcc7bd",
    number,
    state,
    short_description: `Deploy branch for ${number}`,
    u_site_name: `Branch ${number}`,
    u_site_address: "1 Market St, San Francisco, CA",
    u_region: "NA-WEST",
    u_timezone: "America/Los_Angeles",
    u_country: "US",
    u_claim_codes: "",
    ...fields,
  };
}

/** The mapping and triggers the tests configure, in the shape of examples/webhooks.json. */
export const testWebhooksConfig = (opts: { callbackOrigin?: string } = {}) => ({
  sources: {
    jira: {
      auth: {
        hmac_secret_env: "T_JIRA_SECRET",
        shared_secret_env: "T_JIRA_AUTOMATION",
        shared_secret_header: "X-Mistflow-Token",
      },
      trigger: { status: "Approved" },
      mapping: {
        org_id: { const: ORG },
        "site.name": "fields.customfield_10050",
        "site.address": "fields.customfield_10051",
        "site.region": "fields.customfield_10052",
        "site.timezone": "fields.customfield_10053",
        "site.country_code": { path: "fields.customfield_10054", default: "US" },
        "site.notes": "fields.summary",
        blueprint: { path: "fields.customfield_10055", default: "retail-branch" },
        "devices.claim_codes": "fields.customfield_10056",
      },
    },
    servicenow: {
      auth: {
        basic: { username_env: "T_SNOW_USER", password_env: "T_SNOW_PASSWORD" },
        hmac: { secret_env: "T_SNOW_SECRET" },
      },
      trigger: { field: "state", equals: "-1" },
      mapping: {
        org_id: { const: ORG },
        "site.name": "u_site_name",
        "site.address": "u_site_address",
        "site.region": "u_region",
        "site.timezone": "u_timezone",
        "site.country_code": "u_country",
        blueprint: { const: "retail-branch" },
        "devices.claim_codes": "u_claim_codes",
      },
    },
    generic: {
      auth: { secret_env: "T_GENERIC_SECRET" },
      trigger: { field: "type", equals: "site.approved" },
      ticket_key: "data.ticket_id",
      callback_url_path: "data.callback_url",
      mapping: {
        org_id: "data.org_id",
        "site.name": "data.site.name",
        "site.address": "data.site.address",
        "site.region": "data.site.region",
        "site.timezone": "data.site.timezone",
        "site.country_code": "data.site.country_code",
        blueprint: { path: "data.blueprint", default: "retail-branch" },
        "vars.guest_vlan": "data.vars.guest_vlan",
      },
      write_back: {
        allowed_callback_origins: [opts.callbackOrigin ?? "https://hooks.example.com"],
        secret_env: "T_GENERIC_CALLBACK",
      },
    },
  },
});

export const TEST_SECRETS = {
  T_JIRA_SECRET: "jira-hmac-secret-for-tests",
  T_JIRA_AUTOMATION: "jira-automation-shared-secret",
  T_SNOW_USER: "mistflow-intake",
  T_SNOW_PASSWORD: "snow-basic-password-1",
  T_SNOW_SECRET: "snow-hmac-secret-for-tests",
  T_GENERIC_SECRET: `whsec_${Buffer.from("generic-inbound-secret-32-bytes!").toString("base64")}`,
  T_GENERIC_CALLBACK: `whsec_${Buffer.from("generic-callback-secret-32bytes!").toString("base64")}`,
};
