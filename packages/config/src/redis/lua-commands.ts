import { readFileSync } from "node:fs";
import type { RedisClient } from "./connections";

/** One script as ioredis defines it: `redis.<name>(...keys, ...args)`. */
export interface LuaCommand {
  /** `mf` + the file name in camel case: `step-cas-1.lua` is `mfStepCas`. */
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
}

const FILE = /^([a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-(\d+)$/;

const commandName = (stem: string) =>
  `mf${stem.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase())}`;

/**
 * Reads scripts kept as `<dir>/<name>-<keys>.lua` (BullMQ's `src/commands/*-N.lua` layout): the
 * number of KEYS the script takes is the file name's last part, so it cannot drift from the code
 * that calls it. Read once, when the module calling this loads; `dir` is relative to that module
 * (`new URL("./lua/", import.meta.url)`). scripts/build-app.mjs copies the files into the app's
 * `dist/lua/`, which is where the same URL points from the bundle, so file names are unique
 * across the repository. See docs/redis-records.md.
 */
export function luaCommands(dir: URL, files: readonly string[]): readonly LuaCommand[] {
  return files.map((file) => {
    const match = FILE.exec(file);
    if (!match) throw new Error(`Lua script name ${file} is not <kebab-name>-<number of keys>`);
    const [, stem, keys] = match as unknown as [string, string, string];
    return {
      name: commandName(stem),
      numberOfKeys: Number(keys),
      lua: readFileSync(new URL(`${file}.lua`, dir), "utf8"),
    };
  });
}

const defined = new WeakMap<RedisClient, Map<string, string>>();

/**
 * Defines the commands on this client once (a Redis or a Cluster; ioredis sends EVALSHA and falls
 * back to EVAL once per script and connection). Every store built on the client calls it, so
 * defining again is a no-op; a second script under a name already taken is a bug and throws.
 */
export function defineLuaCommands<Commands extends object = object>(
  redis: RedisClient,
  ...sets: (readonly LuaCommand[])[]
): RedisClient & Commands {
  let mine = defined.get(redis);
  if (!mine) {
    mine = new Map();
    defined.set(redis, mine);
  }
  for (const { name, numberOfKeys, lua } of sets.flat()) {
    const current = mine.get(name);
    if (current === lua) continue;
    if (current !== undefined || name in redis)
      throw new Error(`Redis command ${name} is already defined by another script`);
    redis.defineCommand(name, { numberOfKeys, lua });
    mine.set(name, lua);
  }
  return redis as RedisClient & Commands;
}
