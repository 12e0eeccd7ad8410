// Unused files, dependencies and exports fail `npm run lint` and `npm test` (scripts/dev.mjs).
// Entries that knip's plugins already find are not repeated here: each app's src/main.ts (its
// `build`/`dev` scripts), every package's src/index.ts (package.json `exports`), the test files,
// vitest.config.ts and its globalSetup (the vitest plugin). Lua scripts are read at run time from
// `new URL("./lua/", import.meta.url)` and are not modules, so they are outside the project globs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { KnipConfig } from "knip";

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));

const workspaceDirs = new Map<string, string>(
  ["apps", "packages"].flatMap((group) =>
    readdirSync(group).map((name) => [`@mistflow/${name}`, `${group}/${name}`] as const),
  ),
);

/** npm packages the sources under `dir` import by name (a rough scan, enough to tell listed from used). */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts")) continue;
    for (const [, spec = ""] of readFileSync(`${dir}/${file}`, "utf8").matchAll(
      /(?:from|import\(?)\s*"([^".][^"]*)"/g,
    )) {
      if (!spec.startsWith("node:"))
        names.add(
          spec
            .split("/")
            .slice(0, spec.startsWith("@") ? 2 : 1)
            .join("/"),
        );
    }
  }
  return names;
}

/**
 * scripts/build-app.mjs inlines the @mistflow/* packages an app imports and leaves their npm
 * imports external, so each must be a dependency of the app itself even when only an inlined
 * package's source imports it. Those are the npm dependencies of every workspace package the app
 * depends on, transitively, that the app lists but does not import itself (ignoring what it imports
 * would earn a configuration hint); knip still checks each package's own list.
 */
function bundledDependencies(app: string): string[] {
  const listed = Object.keys(manifest(app).dependencies ?? {});
  const seen = new Set<string>();
  const npm = new Set<string>();
  const visit = (names: string[]) => {
    for (const name of names) {
      const workspace = workspaceDirs.get(name);
      if (workspace === undefined) npm.add(name);
      else if (!seen.has(name)) {
        seen.add(name);
        visit(Object.keys(manifest(workspace).dependencies ?? {}));
      }
    }
  };
  visit(listed.filter((name) => workspaceDirs.has(name)));
  // knip counts a peer dependency of a package the app uses as used, import or not.
  const peers = new Set(
    [...listed, ...Object.keys(manifest(app).devDependencies ?? {})]
      .filter((name) => !workspaceDirs.has(name) && existsSync(`${app}/node_modules/${name}/package.json`))
      .flatMap((name) => Object.keys(manifest(`${app}/node_modules/${name}`).peerDependencies ?? {})),
  );
  const imported = importedPackages(`${app}/src`);
  return listed.filter((name) => npm.has(name) && !imported.has(name) && !peers.has(name)).sort();
}

/**
 * `declare module "vitest"` augmentations (the globalSetup's provided values): tsc takes them from
 * each tsconfig's `include`, nothing imports them.
 */
const AMBIENT = "src/**/provided-context.ts";
const hasAmbient = (dir: string) =>
  readdirSync(`${dir}/src`, { recursive: true, encoding: "utf8" }).some((f) =>
    f.endsWith("provided-context.ts"),
  );

const apps = Object.fromEntries(
  readdirSync("apps").map((name) => [
    `apps/${name}`,
    {
      // Only where one exists: a pattern that matches nothing earns a configuration hint.
      ...(hasAmbient(`apps/${name}`) && { entry: [AMBIENT] }),
      project: ["src/**/*.ts"],
      ignoreDependencies: bundledDependencies(`apps/${name}`),
    },
  ]),
);

const config: KnipConfig = {
  // The OS package's binary (apt), started by the Redis test helpers and the cluster pass.
  ignoreBinaries: ["redis-server"],
  workspaces: {
    ".": {
      entry: ["scripts/*.mjs", "infra/scripts/*.mjs"],
      project: ["*.ts", "scripts/*.mjs", "infra/scripts/*.mjs"],
    },
    ...apps,
    "packages/*": {
      entry: [AMBIENT],
      project: ["src/**/*.ts"],
    },
    test: {
      project: ["**/*.ts"],
    },
  },
};

export default config;
