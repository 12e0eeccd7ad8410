import { FieldMapping } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { jiraIssueUpdated, testWebhooksConfig } from "../../test-support/webhook-payloads";
import { mapTicket, sourceOfField } from "./map-ticket";
import { readPath } from "./ticket-path";

const jiraMapping = FieldMapping.parse(testWebhooksConfig().sources.jira.mapping);

describe("mapTicket", () => {
  it("builds a deployment request from a Jira issue: select options, lists, constants and defaults", () => {
    const { issue } = jiraIssueUpdated("NET-1");
    const mapped = mapTicket(jiraMapping, issue);
    expect(mapped).toEqual({
      ok: true,
      input: {
        org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
        site: {
          name: "Store NET-1",
          address: "12 Harbour Rd, Boston, MA",
          region: "NA-EAST",
          timezone: "America/New_York",
          country_code: "US",
          notes: "New branch NET-1",
        },
        blueprint: "retail-branch",
        devices: { claim_codes: ["06C9F-35WOA-XV9AD", "1AB2C-3DE4F-5GH6I"] },
      },
    });
  });

  it("names every missing required field and the ticket field it should come from", () => {
    const { issue } = jiraIssueUpdated("NET-2", "Approved", {
      customfield_10051: "  ",
      customfield_10052: null,
    });
    const mapped = mapTicket(jiraMapping, issue);
    expect(mapped).toEqual({
      ok: false,
      issues: [
        { field: "site.address", message: "ticket field fields.customfield_10051 is missing or empty" },
        { field: "site.region", message: "ticket field fields.customfield_10052 is missing or empty" },
      ],
    });
  });

  it("maps variables and numbers, and leaves optional empty fields out", () => {
    const mapping = FieldMapping.parse({
      ...testWebhooksConfig().sources.generic.mapping,
      "site.latlng.lat": "data.lat",
      "site.latlng.lng": "data.lng",
    });
    const mapped = mapTicket(mapping, {
      data: {
        org_id: "o",
        site: { name: "n", address: "a", region: "r", timezone: "UTC", country_code: "US" },
        vars: { guest_vlan: 130 },
        lat: "42.35",
        lng: -71.08,
      },
    });
    expect(mapped.ok && mapped.input).toMatchObject({
      vars: { guest_vlan: "130" },
      site: { latlng: { lat: 42.35, lng: -71.08 } },
      blueprint: "retail-branch",
    });
  });

  it("finds the mapping entry a request field came from", () => {
    expect(sourceOfField(jiraMapping, "devices.claim_codes[1]")).toBe("fields.customfield_10056");
    expect(sourceOfField(jiraMapping, "site.timezone")).toBe("fields.customfield_10053");
    expect(sourceOfField(jiraMapping, "vars")).toBeUndefined();
  });
});

describe("readPath", () => {
  it("reads dotted and indexed paths, own properties only", () => {
    const ticket = { fields: { components: [{ name: "wifi" }] } };
    expect(readPath(ticket, "fields.components[0].name")).toBe("wifi");
    expect(readPath(ticket, "fields.components.0.name")).toBe("wifi");
    expect(readPath(ticket, "fields.missing.deeper")).toBeUndefined();
    expect(readPath(ticket, "constructor.name")).toBeUndefined();
    expect(readPath(ticket, "fields.__proto__")).toBeUndefined();
  });
});
