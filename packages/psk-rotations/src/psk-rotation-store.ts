import { randomBytes } from "node:crypto";
import {
  defineLuaCommands,
  luaCommands,
  MARKER_COMMANDS,
  type MarkerCommands,
  type RedisClient,
} from "@mistflow/config";
import { type PskRotationView, PskRotationView as ViewSchema } from "@mistflow/contracts";
import type { SecretBox } from "@mistflow/secrets";

/** A rotation as stored: its history entry plus a keyed fingerprint of the new passphrase. */
export type StoredPskRotation = PskRotationView & { passphrase_fingerprint?: string };

export type CreateOutcome =
  | { status: "created"; rotation: PskRotationView }
  | { status: "exists"; rotation: PskRotationView }
  /** Another rotation of the same PSK has not finished; its id. */
  | { status: "busy"; active_id: string };

/** How long a generated passphrase may wait, sealed, for Mist and the sink to both have it. */
const SEALED_TTL_S = 7 * 86_400;
/** History kept per org. */
const HISTORY_PER_ORG = 1_000;

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), ["psk-rotation-create-3"]);
type ScriptedRedis = RedisClient &
  MarkerCommands & {
    mfPskRotationCreate(...args: (string | number)[]): Promise<[string, string]>;
  };

export const newPskRotationId = (): string => `pskrot-${randomBytes(12).toString("hex")}`;

/**
 * PSK rotation history and the little state a rotation needs between its jobs. One rotation per
 * PSK at a time (an active lock per org + name), so two rotations never race on `old_passphrase`.
 * The generated passphrase is only ever stored sealed (see {@link SecretBox}), and only until
 * Mist and the sink both have it.
 */
export class PskRotationStore {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    /** Absent in the API, which never sees a passphrase. */
    private readonly box?: SecretBox,
  ) {
    this.redis = defineLuaCommands<ScriptedRedis>(redis, SCRIPTS, MARKER_COMMANDS);
  }

  private recordKey = (id: string) => `${this.prefix}:psk-rotation:${id}`;
  private sealedKey = (id: string) => `${this.prefix}:psk-rotation-sealed:${id}`;
  private indexKey = (orgId: string) => `${this.prefix}:psk-rotations:${orgId}`;
  private activeKey = (orgId: string, pskName: string) =>
    `${this.prefix}:psk-rotation-active:${orgId}:${encodeURIComponent(pskName)}`;

  /** Records a new rotation unless one with this id exists or another of the same PSK is unfinished. */
  async create(rotation: PskRotationView): Promise<CreateOutcome> {
    const [status, value] = await this.redis.mfPskRotationCreate(
      this.recordKey(rotation.id),
      this.activeKey(rotation.org_id, rotation.psk_name),
      this.indexKey(rotation.org_id),
      rotation.id,
      JSON.stringify(rotation),
      Date.parse(rotation.created_at),
      HISTORY_PER_ORG,
    );
    if (status === "busy") return { status, active_id: value };
    const stored = toView(JSON.parse(value));
    return status === "created" ? { status, rotation: stored } : { status: "exists", rotation: stored };
  }

  async getStored(id: string): Promise<StoredPskRotation | undefined> {
    const raw = await this.redis.get(this.recordKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as StoredPskRotation);
  }

  async get(id: string): Promise<PskRotationView | undefined> {
    const stored = await this.getStored(id);
    return stored && toView(stored);
  }

  /** Newest first. */
  async list(orgId: string, limit = 50): Promise<PskRotationView[]> {
    const ids = await this.redis.zrevrange(this.indexKey(orgId), 0, limit - 1);
    const views = await Promise.all(ids.map((id) => this.get(id)));
    return views.filter((v): v is PskRotationView => v !== undefined);
  }

  /** Only the one job working on a rotation writes it, so read-modify-write is safe here. */
  async update(id: string, patch: Partial<StoredPskRotation>): Promise<StoredPskRotation> {
    const current = await this.getStored(id);
    if (!current) throw new Error(`PSK rotation ${id} not found`);
    const next: StoredPskRotation = { ...current, ...patch, updated_at: new Date().toISOString() };
    await this.redis.set(this.recordKey(id), JSON.stringify(next));
    return next;
  }

  /** Lets the next rotation of this PSK start. */
  async release(rotation: Pick<PskRotationView, "id" | "org_id" | "psk_name">): Promise<void> {
    await this.redis.mfReleaseIfHolder(this.activeKey(rotation.org_id, rotation.psk_name), rotation.id);
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new Error("no encryption key: this process cannot hold a passphrase");
    return this.box;
  }

  /**
   * Keeps the passphrase, sealed, unless one is already kept for this rotation: then that one is
   * returned, so a retried or redelivered job never makes Mist and the sink disagree.
   */
  async sealPassphrase(id: string, passphrase: string): Promise<string> {
    const box = this.requireBox();
    const set = await this.redis.set(this.sealedKey(id), box.seal(passphrase, id), "EX", SEALED_TTL_S, "NX");
    if (set === "OK") return passphrase;
    const kept = await this.openPassphrase(id);
    if (kept === undefined) throw new Error(`the sealed passphrase of ${id} vanished while being kept`);
    return kept;
  }

  async openPassphrase(id: string): Promise<string | undefined> {
    const value = await this.redis.get(this.sealedKey(id));
    return value === null ? undefined : this.requireBox().open(value, id);
  }

  async dropPassphrase(id: string): Promise<void> {
    await this.redis.del(this.sealedKey(id));
  }

  fingerprint(passphrase: string): string {
    return this.requireBox().fingerprint(passphrase);
  }
}

/** The history entry, without the fingerprint (it is not for callers). */
export function toView(stored: StoredPskRotation): PskRotationView {
  const { passphrase_fingerprint: _fp, ...view } = stored;
  return ViewSchema.parse(view);
}
