#!/usr/bin/env node
// Bundles an app's entry for production: our workspace packages are inlined (they ship as
// TypeScript source), npm dependencies stay external and resolve from the app's node_modules at
// run time, so each one must be a dependency of the app itself (pnpm does not hoist).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const entry = process.argv[2] ?? "src/main.ts";
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const isWorkspace = (name) => name.startsWith("@mistflow/");
const packageName = (spec) =>
  spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
const builtins = new Set(builtinModules);
const externals = new Set();

const externalize = {
  name: "externals",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === "entry-point" || isWorkspace(args.path)) return undefined;
      if (!args.path.startsWith("node:") && !builtins.has(args.path)) externals.add(packageName(args.path));
      return { path: args.path, external: true };
    });
  },
};

const result = await build({
  entryPoints: [entry],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  sourcemap: true,
  plugins: [externalize],
  logLevel: "warning",
  metafile: true,
});

// Redis scripts stay .lua files (docs/redis-records.md): a module reads its own from
// `new URL("./lua/", import.meta.url)`, which from the bundle is dist/lua/, so the scripts of
// every bundled module's folder are copied there. Their names are unique across the repository.
rmSync("dist/lua", { recursive: true, force: true });
const copied = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const dir = join(dirname(input), "lua");
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".lua"))) {
    const from = join(dir, file);
    const seen = copied.get(file);
    if (seen === from) continue;
    if (seen !== undefined) {
      console.error(`${pkg.name}: two Lua scripts named ${file}: ${seen} and ${from}`);
      process.exit(1);
    }
    mkdirSync("dist/lua", { recursive: true });
    copyFileSync(from, join("dist/lua", file));
    copied.set(file, from);
  }
}

const missing = [...externals].filter(
  (name) => !pkg.dependencies?.[name] || !existsSync(join("node_modules", name)),
);
if (missing.length > 0) {
  console.error(`${pkg.name}: runtime imports missing from its dependencies: ${missing.join(", ")}`);
  process.exit(1);
}
