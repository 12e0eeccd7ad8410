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

let root: string | undefined;
/** Looked up on first use, so `mistflow status`/`deploy` also work from an installed CLI. */
export const repoRoot = (): string => {
  root ??= findRepoRoot();
  return root;
};

export const appEntry = (app: "mist-sim" | "intake-api" | "workers") =>
  join(repoRoot(), "apps", app, "dist", "main.js");
