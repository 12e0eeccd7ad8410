import type { NotifyEvent, TicketRef, TicketSourceType } from "@mistflow/contracts";
import type { VendorCall } from "../http";
import type { NotifyMessage } from "../render";

/** Where one configured source's events go, with its credentials already resolved. */
export interface WriteBackTarget {
  source: string;
  type: TicketSourceType;
  events: readonly NotifyEvent[];
  /**
   * The calls that deliver one event, in order. Built per attempt: a Standard Webhooks
   * signature covers the attempt's timestamp. `messageId` is stable across attempts.
   */
  calls(ticket: TicketRef, message: NotifyMessage, messageId: string): VendorCall[];
}

export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

export const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" } as const;
