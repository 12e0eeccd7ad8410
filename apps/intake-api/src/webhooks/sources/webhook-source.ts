import type { FieldMapping, TicketRef, TicketSourceType } from "@mistflow/contracts";
import type { Verification } from "../verify";

/** A webhook request as the verifiers need it: the exact bytes received, and its headers. */
export interface IncomingWebhook {
  raw: Buffer;
  header(name: string): string | undefined;
}

type Authentication = (Verification & { ok: false }) | { ok: true; deliveryId?: string };

export type Interpretation =
  | { kind: "ignored"; reason: string }
  /** `subject` is what the mapping's paths read: the Jira issue, the ServiceNow record, the event. */
  | { kind: "ticket"; ticket: TicketRef; subject: unknown };

/** One configured source: how it authenticates, which events trigger, and where fields come from. */
export interface WebhookSource {
  readonly name: string;
  readonly type: TicketSourceType;
  readonly mapping: FieldMapping;
  authenticate(request: IncomingWebhook): Authentication;
  /** Throws a 4xx `ApiError` for a payload that is not the vendor's shape. */
  interpret(body: unknown): Interpretation;
}

/** Resolves a secret from the environment by the name the config gives. */
export type SecretLookup = (envName: string, settingPath: string) => string;

export const ignored = (reason: string): Interpretation => ({ kind: "ignored", reason });
