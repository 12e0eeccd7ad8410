import { readFileSync } from "node:fs";
import { z } from "zod";

const SecretsFile = z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string().min(1));

/**
 * Named secrets (PSK passphrases) the workers hold and Redis never sees. The value is returned
 * to the one caller that sends it to Mist; nothing else keeps or logs it.
 */
export class SecretSource {
  private constructor(private readonly values: ReadonlyMap<string, string>) {}

  static load(env: Record<string, string | undefined>, file?: string): SecretSource {
    const values = new Map<string, string>();
    if (file)
      for (const [k, v] of Object.entries(SecretsFile.parse(JSON.parse(readFileSync(file, "utf8")))))
        values.set(k, v);
    for (const [k, v] of Object.entries(env)) {
      if (k.startsWith("MISTFLOW_SECRET_") && v) values.set(k.slice("MISTFLOW_SECRET_".length), v);
    }
    return new SecretSource(values);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }
}
