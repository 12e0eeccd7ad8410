import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder up with pnpm-workspace.yaml, from src/ or dist/ alike. */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the mistflow repository root");
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();

export const appEntry = (app: "mist-sim" | "intake-api" | "workers") =>
  join(REPO_ROOT, "apps", app, "dist", "main.js");
