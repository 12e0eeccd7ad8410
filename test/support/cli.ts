import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The built `mistflow` binary: CLI suites test what users run, not the sources. */
export const CLI_ENTRY = fileURLToPath(new URL("../../apps/cli/dist/main.js", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI against `apiUrl` with a bare environment. Its output is not a TTY, so this is
 * the plain-line output CI logs and pipes get.
 */
export async function runCli(
  apiUrl: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI_ENTRY, ...args], {
      env: { PATH: process.env.PATH ?? "", MISTFLOW_API_URL: apiUrl, ...env },
      timeout: 200_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** `deploy` of a sheet of retail-branch sites into `org`, following it to the end. */
export const deploySheetArgs = (file: string, org: string): string[] => [
  "deploy",
  "--csv",
  file,
  "--blueprint",
  "retail-branch",
  "--org",
  org,
  "--wait",
];
