import type { NotifyMessage } from "./render-message";

type AdfText = { type: "text"; text: string; marks?: Array<Record<string, unknown>> };

const paragraph = (...content: AdfText[]) => ({ type: "paragraph", content });

/**
 * The message as an Atlassian Document Format document, which REST API v3 requires for comment
 * bodies: headline in bold, one paragraph per detail, and the status link (a link mark only when
 * absolute, since Jira resolves no relative hrefs).
 */
export function toAdf(m: NotifyMessage) {
  const link: AdfText = /^https?:\/\//.test(m.link)
    ? { type: "text", text: m.link, marks: [{ type: "link", attrs: { href: m.link } }] }
    : { type: "text", text: m.link };
  return {
    type: "doc",
    version: 1,
    content: [
      paragraph({ type: "text", text: m.headline, marks: [{ type: "strong" }] }),
      ...m.details.map((d) => paragraph({ type: "text", text: d })),
      paragraph({ type: "text", text: "Status: " }, link),
    ],
  };
}
