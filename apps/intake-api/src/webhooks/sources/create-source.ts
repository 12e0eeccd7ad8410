import type { WebhookSourceConfig } from "@mistflow/contracts";
import { genericSource } from "./generic-source";
import { jiraSource } from "./jira-source";
import { serviceNowSource } from "./servicenow-source";
import type { SecretLookup, WebhookSource } from "./webhook-source";

export function createSource(name: string, config: WebhookSourceConfig, secret: SecretLookup): WebhookSource {
  switch (config.type) {
    case "jira":
      return jiraSource(name, config, secret);
    case "servicenow":
      return serviceNowSource(name, config, secret);
    case "generic":
      return genericSource(name, config, secret);
  }
}
