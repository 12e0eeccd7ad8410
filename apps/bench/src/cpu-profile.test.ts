import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { frameOrigin, summarizeProfiles } from "./cpu-profile";

const frame = (url: string, functionName = "f") => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

describe("frameOrigin", () => {
  it("names the npm package, taking the innermost node_modules of pnpm's layout", () => {
    expect(
      frameOrigin(
        frame("file:///r/node_modules/.pnpm/bullmq@5.1.0/node_modules/bullmq/dist/cjs/classes/worker.js"),
      ),
    ).toBe("bullmq");
    expect(
      frameOrigin(
        frame("file:///r/node_modules/.pnpm/@pinojs+redact@0.4.0/node_modules/@pinojs/redact/index.js"),
      ),
    ).toBe("@pinojs/redact");
  });

  it("tells V8's own entries and Node's runtime apart", () => {
    expect(frameOrigin(frame("", "(garbage collector)"))).toBe("V8: garbage collection");
    expect(frameOrigin(frame("", "(program)"))).toBe("V8: native (program)");
    expect(frameOrigin(frame("", "writeUtf8String"))).toBe("V8: writeUtf8String");
    expect(frameOrigin(frame("node:internal/streams/writable"))).toBe("Node runtime (node:*)");
  });

  it("names our packages and apps from a source path", () => {
    expect(frameOrigin(frame("file:///r/packages/mist-client/src/core/mist-http.ts"))).toBe(
      "@mistflow/mist-client",
    );
    expect(frameOrigin(frame("file:///r/apps/workers/src/main.ts"))).toBe("apps/workers");
  });
});

describe("summarizeProfiles", () => {
  it("sums self time by origin over the window only, leaving idle samples out", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cpu-profile-test-"));
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("", "(root)") },
        { id: 2, callFrame: frame("", "(idle)") },
        { id: 3, callFrame: frame("file:///r/node_modules/ioredis/built/Command.js") },
        { id: 4, callFrame: frame("file:///r/packages/metrics/src/recorder.ts") },
      ],
      startTime: 1_000,
      endTime: 9_000,
      // Sample times: 2,000 (before the window), 3,000, 4,000, 5,000 (idle), 6,000, 9,000 (after).
      samples: [3, 3, 4, 2, 3, 4],
      timeDeltas: [1_000, 1_000, 1_000, 1_000, 1_000, 3_000],
    };
    await writeFile(join(dir, "one.cpuprofile"), JSON.stringify(profile));
    await writeFile(join(dir, "ignored.json"), "{}");
    const out = await summarizeProfiles(dir, 2_500, 8_000);
    expect(out).toEqual({ ioredis: 2, "@mistflow/metrics": 1 });
  });
});
