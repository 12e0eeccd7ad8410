import {
  changelogValue,
  JiraAutomationPayload,
  JiraIssue,
  type JiraSourceConfig,
  JiraWebhookEvent,
} from "@mistflow/contracts";
import { validationError } from "../../errors";
import { rejected, verifyHubSignature, verifySharedSecret } from "../verify";
import { sameText } from "./field-trigger";
import { payloadError } from "./payload-error";
import { type Interpretation, ignored, type SecretLookup, type WebhookSource } from "./webhook-source";

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d+$/;

const statusOf = (issue: JiraIssue): string => {
  const status = issue.fields.status;
  return status && typeof status === "object" && typeof (status as { name?: unknown }).name === "string"
    ? (status as { name: string }).name
    : "";
};

/**
 * Jira Cloud: admin webhooks signed with `X-Hub-Signature`, deduplicated on
 * `X-Atlassian-Webhook-Identifier` (stable across Jira's retries), and Jira Automation's
 * "Send web request", which cannot sign and sends a shared secret header instead.
 */
export function jiraSource(name: string, config: JiraSourceConfig, secret: SecretLookup): WebhookSource {
  const base = `sources.${name}.auth`;
  const hmacSecret = config.auth.hmac_secret_env
    ? secret(config.auth.hmac_secret_env, `${base}.hmac_secret_env`)
    : undefined;
  const sharedSecret = config.auth.shared_secret_env
    ? secret(config.auth.shared_secret_env, `${base}.shared_secret_env`)
    : undefined;
  const sharedHeader = config.auth.shared_secret_header;
  const { status: wanted, events } = config.trigger;

  const ticket = (issue: JiraIssue): Interpretation => {
    if (!ISSUE_KEY.test(issue.key)) {
      throw validationError([{ field: "issue.key", message: `"${issue.key}" is not a Jira issue key` }], 422);
    }
    return { kind: "ticket", ticket: { source: name, type: "jira", key: issue.key }, subject: issue };
  };

  const fromWebhook = (body: unknown, event: string): Interpretation => {
    const parsed = JiraWebhookEvent.safeParse(body);
    if (!parsed.success) throw payloadError(parsed.error, `Jira ${event} payload`);
    const { issue, changelog } = parsed.data;
    if (event === "jira:issue_created") {
      const status = statusOf(issue);
      return sameText(status, wanted)
        ? ticket(issue)
        : ignored(`${issue.key} was created in status "${status}"; deployments start on "${wanted}"`);
    }
    const change = changelog?.items.find(
      (i) => sameText(i.fieldId ?? i.field, "status") || sameText(i.field, "status"),
    );
    if (!change) return ignored(`${issue.key}: this update does not change the status`);
    const to = changelogValue(change, "toString") ?? "";
    return sameText(to, wanted)
      ? ticket(issue)
      : ignored(`${issue.key} moved to "${to}"; deployments start on "${wanted}"`);
  };

  /** No `webhookEvent`: Jira Automation sent the issue because its own rule fired. */
  const fromAutomation = (body: unknown): Interpretation => {
    const parsed = JiraAutomationPayload.safeParse(body);
    if (!parsed.success) throw payloadError(parsed.error, "neither a Jira webhook event nor a Jira issue");
    const wrapped = JiraIssue.safeParse((parsed.data as { issue?: unknown }).issue);
    const issue = wrapped.success ? wrapped.data : (parsed.data as JiraIssue);
    const status = statusOf(issue);
    return sameText(status, wanted)
      ? ticket(issue)
      : ignored(`${issue.key} is in status "${status}"; deployments start on "${wanted}"`);
  };

  return {
    name,
    type: "jira",
    mapping: config.mapping,
    authenticate(request) {
      const signature = request.header("x-hub-signature");
      const shared = request.header(sharedHeader);
      const result =
        hmacSecret && signature !== undefined
          ? verifyHubSignature(request.raw, signature, hmacSecret)
          : sharedSecret && shared !== undefined
            ? verifySharedSecret(shared, sharedSecret, sharedHeader)
            : rejected(
                `missing ${[hmacSecret && "X-Hub-Signature", sharedSecret && sharedHeader].filter(Boolean).join(" or ")}`,
              );
      if (!result.ok) return result;
      const deliveryId = request.header("x-atlassian-webhook-identifier");
      return deliveryId ? { ok: true, deliveryId } : { ok: true };
    },
    interpret(body) {
      const event = (body as { webhookEvent?: unknown } | null)?.webhookEvent;
      if (typeof event !== "string") return fromAutomation(body);
      if (!(events as readonly string[]).includes(event)) {
        return ignored(`${event} does not start deployments (configured: ${events.join(", ")})`);
      }
      return fromWebhook(body, event);
    },
  };
}
