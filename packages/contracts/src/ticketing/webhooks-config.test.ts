import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isWebhooksConfigError, parseWebhooksConfig } from "./webhooks-config";

const example = () =>
  JSON.parse(readFileSync(new URL("../../../../examples/webhooks.json", import.meta.url), "utf8")) as {
    sources: Record<string, Record<string, unknown>>;
  };

const issuesOf = (value: unknown): string[] => {
  try {
    parseWebhooksConfig(value);
  } catch (e) {
    if (isWebhooksConfigError(e)) return e.issues;
    throw e;
  }
  return [];
};

describe("webhooks config", () => {
  it("accepts the shipped example, inferring each source's type from its name", () => {
    const config = parseWebhooksConfig(example());
    expect(Object.keys(config.sources)).toEqual(["jira", "servicenow", "generic"]);
    const jira = config.sources.jira;
    if (jira?.type !== "jira") throw new Error("jira source missing");
    expect(jira.enabled).toBe(true);
    expect(jira.auth.shared_secret_header).toBe("x-mistflow-token");
    expect(jira.write_back?.transitions).toEqual({ succeeded: "41" });
    const generic = config.sources.generic;
    if (generic?.type !== "generic") throw new Error("generic source missing");
    expect(generic.write_back?.allowed_callback_origins).toEqual(["https://hooks.example.com"]);
    expect(generic.trigger.equals).toEqual(["site.approved"]);
  });

  it("names a secret written where an env variable name belongs", () => {
    const config = example();
    (config.sources.jira as { auth: Record<string, string> }).auth.hmac_secret_env = "s3cr3t-value!";
    const issues = issuesOf(config);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^sources\.jira\.auth\.hmac_secret_env: must be the NAME/);
    expect(issues[0]).not.toContain("s3cr3t-value!");
  });

  it("requires every deployment field a request needs and refuses unknown ones", () => {
    const config = example();
    const mapping = (config.sources.servicenow as { mapping: Record<string, unknown> }).mapping;
    delete mapping["site.address"];
    mapping["site.colour"] = "u_colour";
    const issues = issuesOf(config);
    expect(issues).toContain(
      'sources.servicenow.mapping.site.address: is required: map a ticket field to it, or give it as {"const": …}',
    );
    expect(issues.some((i) => i.startsWith("sources.servicenow.mapping.site.colour: unknown"))).toBe(true);
  });

  it("refuses sources without authentication, bad names and bad paths", () => {
    const config = example();
    (config.sources.jira as { auth: unknown }).auth = {};
    config.sources["Bad Name"] = config.sources.generic ?? {};
    (config.sources.generic as { ticket_key: string }).ticket_key = "data..id";
    const issues = issuesOf(config).join("\n");
    expect(issues).toContain("sources.jira.auth: set hmac_secret_env");
    expect(issues).toContain("sources.Bad Name");
    expect(issues).toContain("sources.generic.ticket_key: must be a dotted path");
  });
});
