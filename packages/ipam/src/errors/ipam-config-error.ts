/** The IPAM config could not be read or failed validation; `issues` are "field: message" lines. */
export class IpamConfigError extends Error {
  override readonly name = "IpamConfigError";
  readonly issues: readonly string[];
  /** The file the config came from, when it came from one. */
  readonly source: string | undefined;

  constructor(issues: readonly string[], opts: { source?: string; cause?: unknown } = {}) {
    const where = opts.source ? ` (${opts.source})` : "";
    super(`invalid IPAM config${where}:\n${issues.map((i) => `  - ${i}`).join("\n")}`, { cause: opts.cause });
    this.issues = issues;
    this.source = opts.source;
  }
}

export const isIpamConfigError = (e: unknown): e is IpamConfigError =>
  e instanceof Error && e.name === "IpamConfigError";
