import { z } from "zod";

/** The CLI's environment, read once. `MISTFLOW_API` is the older name of `MISTFLOW_API_URL`. */
export const CliEnv = z.object({
  MISTFLOW_API_URL: z.url().optional(),
  MISTFLOW_API: z.url().optional(),
  MISTFLOW_API_KEY: z.string().min(1).optional(),
  /** The API's admin login (its BOARD_USERNAME/PASSWORD), when it has no API keys. */
  MISTFLOW_ADMIN_USERNAME: z.string().min(1).optional(),
  MISTFLOW_ADMIN_PASSWORD: z.string().min(1).optional(),
});
export type CliEnv = z.infer<typeof CliEnv>;

export const DEFAULT_API_URL = "http://127.0.0.1:3000";

export function loadCliEnv(source: NodeJS.ProcessEnv): CliEnv {
  // An empty variable is an unset one, as in every other mistflow process.
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = CliEnv.safeParse(set);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data;
}
