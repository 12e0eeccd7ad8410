import { isWebhooksConfigError } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { TEST_SECRETS, testWebhooksConfig } from "../test-support/webhook-payloads";
import { buildWebhookSources } from "./load-webhook-sources";

describe("buildWebhookSources", () => {
  it("builds every enabled source", () => {
    const config = testWebhooksConfig();
    const sources = buildWebhookSources(
      { ...config, sources: { ...config.sources, generic: { ...config.sources.generic, enabled: false } } },
      TEST_SECRETS,
    );
    expect([...sources.keys()]).toEqual(["jira", "servicenow"]);
  });

  it("lists every secret variable that is not set, by name, at startup", () => {
    const { T_JIRA_SECRET: _a, T_SNOW_PASSWORD: _b, ...partial } = TEST_SECRETS;
    try {
      buildWebhookSources(testWebhooksConfig(), partial);
      expect.unreachable();
    } catch (e) {
      if (!isWebhooksConfigError(e)) throw e;
      expect(e.issues).toEqual([
        "sources.jira.auth.hmac_secret_env: environment variable T_JIRA_SECRET is not set",
        "sources.servicenow.auth.basic.password_env: environment variable T_SNOW_PASSWORD is not set",
      ]);
      for (const value of Object.values(TEST_SECRETS)) expect(e.message).not.toContain(value);
    }
  });
});
