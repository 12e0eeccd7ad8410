import { z } from "zod";

export class EnvError extends Error {
  override name = "EnvError";
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n  ${issues.join("\n  ")}`);
  }
}

/** Empty strings mean "unset": a blank line in a .env file must not become a value. */
const withoutEmpty = (source: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));

/** Parse the environment once, at a process entry point. Issues name the variable. */
export function loadEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.infer<S> {
  const parsed = schema.safeParse(withoutEmpty(source));
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
}

export const boolEnv = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

export const portEnv = z.coerce.number().int().min(0).max(65535);
export const positiveIntEnv = z.coerce.number().int().positive();
