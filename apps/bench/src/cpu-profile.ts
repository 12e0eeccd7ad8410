import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) this summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  /** Microseconds on the monotonic clock, which `process.hrtime` also reads (CLOCK_MONOTONIC). */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self CPU time by where the code comes from, in milliseconds. */
export type ProfileBreakdown = Record<string, number>;

/** The monotonic clock in the profile's unit, for the window a summary keeps. */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

const maps = new Map<string, SourceMap | null>();

/** Our apps are one esbuild bundle each; their source maps say which package a sample is in. */
function sourceMapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, "utf8"))) : null);
  }
  return maps.get(url) ?? null;
}

/** Where a frame's code comes from: an npm package, one of our packages or apps, Node, or V8. */
export function frameOrigin(frame: CpuProfile["nodes"][number]["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === "(garbage collector)") return "V8: garbage collection";
    if (functionName === "(program)") return "V8: native (program)";
    return `V8: ${functionName || "anonymous"}`;
  }
  if (url.startsWith("node:")) return "Node runtime (node:*)";
  const npm = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (npm) return npm;
  let source = url;
  if (url.startsWith("file:") && url.endsWith("/dist/main.js")) {
    const entry = sourceMapFor(url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && "originalSource" in entry && entry.originalSource) source = entry.originalSource;
  }
  const ours = /\/(packages|apps)\/([^/]+)\//.exec(source);
  if (ours) return ours[1] === "packages" ? `@mistflow/${ours[2]}` : `apps/${ours[2]}`;
  const npmInMap = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1];
  return npmInMap ?? "other";
}

/**
 * Self time by origin over every `.cpuprofile` in `dir`, keeping only samples taken between
 * `fromUs` and `toUs` (the timed interval), so start-up and idle time before and after it do not
 * count. Idle samples are left out: they are the event loop waiting, not CPU spent.
 */
export async function summarizeProfiles(
  dir: string,
  fromUs: number,
  toUs: number,
): Promise<ProfileBreakdown> {
  const out: ProfileBreakdown = {};
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".cpuprofile"));
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile;
    const origins = new Map<number, string>();
    for (const node of profile.nodes)
      if (node.callFrame.functionName !== "(idle)") origins.set(node.id, frameOrigin(node.callFrame));
    let at = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      if (at < fromUs || at > toUs) continue;
      const origin = origins.get(profile.samples[i] ?? -1);
      // Each sample stands for the time since the one before it.
      if (origin) out[origin] = (out[origin] ?? 0) + delta / 1000;
    }
  }
  return out;
}
