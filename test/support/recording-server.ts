import { type RecordedRequest, startRecorder } from "@mistflow/testing";

export type Recorded = RecordedRequest;

/**
 * A local HTTP server playing a ticketing system (Jira, ServiceNow, a webhook receiver): it
 * records every request it receives and answers `status` (201 unless told otherwise).
 */
export const startRecordingServer = (status: (req: Recorded) => number = () => 201) =>
  startRecorder((req) => ({ status: status(req) }));

/** Polls until `check` returns a value, or fails after `timeoutMs` saying what it waited for. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
