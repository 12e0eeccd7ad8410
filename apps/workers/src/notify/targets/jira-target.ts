import type { JiraSourceConfig } from "@mistflow/contracts";
import { UnrecoverableError } from "bullmq";
import { toAdf } from "../render";
import { basicAuth, JSON_HEADERS, type WriteBackTarget } from "./write-back-target";

type JiraWriteBack = NonNullable<JiraSourceConfig["write_back"]>;

/**
 * Jira Cloud REST API v3 with Basic auth (account email + API token): a comment in ADF on the
 * issue, then the transition configured for the event, if any.
 */
export function jiraTarget(
  source: string,
  config: JiraWriteBack,
  credentials: { email: string; apiToken: string },
): WriteBackTarget {
  const headers = { ...JSON_HEADERS, authorization: basicAuth(credentials.email, credentials.apiToken) };
  return {
    source,
    type: "jira",
    events: config.events,
    calls(ticket, message) {
      if (!/^[A-Z][A-Z0-9_]*-\d+$/.test(ticket.key)) {
        throw new UnrecoverableError(`ticket ${ticket.key} is not a Jira issue key`);
      }
      const issue = `/rest/api/3/issue/${encodeURIComponent(ticket.key)}`;
      const transition = config.transitions[message.event];
      return [
        {
          name: "comment",
          label: `Jira POST ${issue}/comment`,
          method: "POST",
          url: `${config.base_url}${issue}/comment`,
          headers,
          body: JSON.stringify({ body: toAdf(message) }),
        },
        ...(transition
          ? [
              {
                name: "transition",
                label: `Jira POST ${issue}/transitions`,
                method: "POST" as const,
                url: `${config.base_url}${issue}/transitions`,
                headers,
                body: JSON.stringify({ transition: { id: transition } }),
              },
            ]
          : []),
      ];
    },
  };
}
