import { spawn } from "node:child_process";
import { appEntry } from "@mistflow/process-stack";

/** `sim [flags]`: the Mist simulator in the foreground, its own flags passed through (`--port` …). */
export function runSim(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [appEntry("mist-sim"), ...args], { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}
