import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString("utf8").split("\n")) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, stream };
}

describe("createLogger", () => {
  it("redacts secret-looking fields at any of the configured depths and keeps the bindings", () => {
    const { lines, stream } = capture();
    const log = createLogger({ name: "t", level: "info" }, stream).child({
      deployment: "dep-1",
      step: "s13",
    });
    log.info(
      {
        token: "tok-1234567890",
        headers: { authorization: "Token tok-1234567890" },
        psk: { passphrase: "correct horse battery" },
        wlan: { psk: { passphrase: "nested secret phrase" } },
        webhook: { secret: "whsec_abc", password: "hunter2hunter2" },
        alias: "demo",
      },
      "calling Mist",
    );
    const line = lines[0] ?? {};
    const text = JSON.stringify(line);
    for (const secret of ["tok-1234567890", "correct horse", "nested secret", "whsec_abc", "hunter2"])
      expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      deployment: "dep-1",
      step: "s13",
      alias: "demo",
      service: "t",
      msg: "calling Mist",
    });
    expect((line.headers as Record<string, unknown>).authorization).toBe("[redacted]");
  });
});
