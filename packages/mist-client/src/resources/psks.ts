import { z } from "zod";
import { mistPath } from "../core/mist-path";
import { listAll } from "../pagination/paginate";
import type { CallOptions, ResourceContext } from "./context";

/** An org PSK as read back. It holds the passphrase: never log it whole. */
export const Psk = z.looseObject({
  id: z.string(),
  name: z.string(),
  ssid: z.string(),
  passphrase: z.string().optional(),
  /** The previous passphrase while a rotation's overlap lasts; clients may use either. */
  old_passphrase: z.string().optional(),
});
export type Psk = z.infer<typeof Psk>;

export type PskInput = {
  name: string;
  /** 8–63 characters, or 64 hex digits. */
  passphrase: string;
  ssid: string;
  usage?: "multi" | "single" | "macs";
  vlan_id?: number | string;
  role?: string;
  expire_time?: number | null;
  [field: string]: unknown;
};

export interface CreatePskOptions extends CallOptions {
  /** `?upsert=true`: replace the org PSK that has the same `name`, which makes create idempotent. */
  upsert?: boolean;
}

export class PsksApi {
  constructor(private readonly ctx: ResourceContext) {}

  /** `POST /orgs/{org}/psks`; with `upsert` the PSK name is the key (the safe way to re-run). */
  create(orgId: string, body: PskInput, options: CreatePskOptions = {}): Promise<Psk> {
    return this.ctx.http.request("POST", mistPath`/orgs/${orgId}/psks`, {
      query: options.upsert === undefined ? undefined : { upsert: options.upsert },
      body,
      schema: Psk,
      signal: options.signal,
    });
  }

  /** `GET /orgs/{org}/psks?name=`: the org PSK with this name, if any (names are keys per org). */
  async findByName(orgId: string, name: string, options: CallOptions = {}): Promise<Psk | undefined> {
    const found = await listAll(
      this.ctx.http,
      mistPath`/orgs/${orgId}/psks`,
      Psk,
      { name },
      {
        limit: this.ctx.pageLimit,
        signal: options.signal,
      },
    );
    // The filter is applied server-side; matching again guards against a prefix or case-folding match.
    return found.find((p) => p.name === name);
  }

  get(orgId: string, pskId: string, options: CallOptions = {}): Promise<Psk> {
    return this.ctx.http.request("GET", mistPath`/orgs/${orgId}/psks/${pskId}`, {
      schema: Psk,
      signal: options.signal,
    });
  }

  /**
   * `PUT /orgs/{org}/psks/{id}`. The spec requires `name`, `passphrase` and `ssid` in the body even
   * though PUT is a partial update, so callers send all three. Changing `passphrase` is a rotation:
   * Mist keeps the previous one in `old_passphrase` (docs/design/mist-api.md §2.13).
   */
  update(orgId: string, pskId: string, body: PskInput, options: CallOptions = {}): Promise<Psk> {
    return this.ctx.http.request("PUT", mistPath`/orgs/${orgId}/psks/${pskId}`, {
      body,
      schema: Psk,
      signal: options.signal,
    });
  }

  /** Ends a rotation: clients still using `old_passphrase` are cut off. Returns the PSK without it. */
  deleteOldPassphrase(orgId: string, pskId: string, options: CallOptions = {}): Promise<Psk> {
    return this.ctx.http.request("POST", mistPath`/orgs/${orgId}/psks/${pskId}/delete_old_passphrase`, {
      schema: Psk,
      signal: options.signal,
    });
  }
}
