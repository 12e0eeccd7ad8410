import {
  hashPairs,
  jsonField,
  type LuaCommand,
  luaCommands,
  RecordStore,
  type RedisClient,
} from "@mistflow/config";

export interface GenerationCommands {
  mfGenerationTransition(key: string, ...args: string[]): Promise<[number, string, string]>;
}

const TRANSITION = luaCommands(new URL("./lua/", import.meta.url), ["generation-transition-1"]);

export interface GenerationTransition<Status extends string> {
  ok: boolean;
  status: Status;
  generation: number;
}

export const nowIso = () => new Date().toISOString();
export const waveField = (wave: number) => `w:${wave}`;

/**
 * A rollout record of waves whose API actions (abort, resume, rollback) start a new `generation`:
 * the upgrade and the blueprint rollout records. A job carries the generation it was enqueued
 * for, and every write of it is guarded by that, so a stale job never records over a newer chain.
 */
export abstract class GenerationStore<
  Status extends string,
  Wave,
  Halt extends { wave: number },
  Commands extends object,
> extends RecordStore<Commands & GenerationCommands> {
  constructor(
    redis: RedisClient,
    prefix: string,
    kind: string,
    private readonly notFound: (id: string) => Error,
    ...scripts: (readonly LuaCommand[])[]
  ) {
    super(redis, prefix, kind, TRANSITION, ...scripts);
  }

  async markEnqueued(id: string, generation: number): Promise<void> {
    await this.redis.hset(this.key(id), `enqueued:${generation}`, "1");
  }

  async isEnqueued(id: string, generation: number): Promise<boolean> {
    return (await this.redis.hexists(this.key(id), `enqueued:${generation}`)) === 1;
  }

  protected async json<T>(id: string, field: string, fallback: T): Promise<T> {
    return jsonField(await this.redis.hget(this.key(id), field), fallback);
  }

  wave(id: string, wave: number): Promise<Wave> {
    return this.json(id, waveField(wave), { state: "pending" } as Wave);
  }

  waveFields(wave: number, record: Wave): Record<string, unknown> {
    return { [waveField(wave)]: record };
  }

  async transition(
    id: string,
    from: readonly Status[],
    to: Status,
    options: { generation?: number; bumpGeneration?: boolean; fields?: Record<string, unknown> } = {},
  ): Promise<GenerationTransition<Status>> {
    const [ok, status, generation] = await this.redis.mfGenerationTransition(
      this.key(id),
      from.join(","),
      to,
      nowIso(),
      options.generation === undefined ? "" : String(options.generation),
      options.bumpGeneration ? "1" : "0",
      ...hashPairs(options.fields ?? {}),
    );
    if (ok === -1) throw this.notFound(id);
    return { ok: ok === 1, status: status as Status, generation: Number(generation) };
  }

  /** Halt a running rollout of this generation, with the reason; false if it had moved on. */
  async halt(id: string, generation: number, halt: Halt, waveRecord: Wave): Promise<boolean> {
    const r = await this.transition(id, ["running" as Status], "halted" as Status, {
      generation,
      fields: { halt, [waveField(halt.wave)]: waveRecord },
    });
    return r.ok;
  }
}
