import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { IntakeClient, IntakeUnreachableError } from "./intake-client";

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("IntakeClient when the API does not answer", () => {
  it("names the address it could not reach instead of a bare 'fetch failed'", async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const client = new IntakeClient(base);
    for (const call of [() => client.get("dep-x"), () => client.cancel("dep-x"), () => client.plan([])]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(IntakeUnreachableError);
      expect((err as Error).message).toBe(
        `cannot reach the intake API at ${base} (ECONNREFUSED); is it running? Set --api <url> or MISTFLOW_API_URL`,
      );
    }
  });
});
