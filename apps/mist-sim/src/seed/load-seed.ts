import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { SimSeed } from "./schema";

/** Validate an already-parsed seed object; throws an Error naming every invalid path. */
export function parseSeed(data: unknown, source = "seed"): SimSeed {
  const result = SimSeed.safeParse(data);
  if (!result.success) throw new Error(`invalid ${source}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Load a seed from a `.json`, `.yaml` or `.yml` file and validate it. */
export function loadSeed(path: string): SimSeed {
  const text = readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`cannot parse seed file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseSeed(data, `seed file ${path}`);
}
