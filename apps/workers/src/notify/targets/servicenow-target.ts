import type { ServiceNowSourceConfig } from "@mistflow/contracts";
import { UnrecoverableError } from "bullmq";
import { messageText } from "../render";
import { basicAuth, JSON_HEADERS, type WriteBackTarget } from "./write-back-target";

type ServiceNowWriteBack = NonNullable<ServiceNowSourceConfig["write_back"]>;

/**
 * ServiceNow Table API: one PATCH of the record adding a work note (a journal field: each write
 * appends an entry) and, when configured for the event, setting its state.
 */
export function serviceNowTarget(
  source: string,
  config: ServiceNowWriteBack,
  credentials: { username: string; password: string },
): WriteBackTarget {
  const headers = { ...JSON_HEADERS, authorization: basicAuth(credentials.username, credentials.password) };
  return {
    source,
    type: "servicenow",
    events: config.events,
    calls(ticket, message) {
      if (!ticket.sys_id) throw new UnrecoverableError(`ServiceNow ticket ${ticket.key} has no sys_id`);
      const path = `/api/now/table/${config.table}/${ticket.sys_id}`;
      const state = config.states[message.event];
      return [
        {
          name: "work-note",
          label: `ServiceNow PATCH ${path}`,
          method: "PATCH",
          url: `${config.instance_url}${path}`,
          headers,
          body: JSON.stringify({
            [config.work_notes_field]: messageText(message),
            ...(state ? { state } : {}),
          }),
        },
      ];
    },
  };
}
