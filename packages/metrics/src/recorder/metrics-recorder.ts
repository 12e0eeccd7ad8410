import type { Cluster, Redis } from "ioredis";
import type { CounterDef, HistogramDef } from "../catalog";
import { type Labels, seriesKey } from "../series";
import { metricsKey } from "./metrics-key";

export interface MetricsRecorderOptions {
  /** `MISTFLOW_PREFIX`: the hash lives in the deployment's hash tag like every other key. */
  prefix: string;
  /** How often pending increments go to Redis. Default 1500 ms. */
  flushIntervalMs?: number;
  /** A failed flush keeps its increments for the next one; this only reports it. */
  onError?: (err: Error) => void;
}

/**
 * Counters and histograms of one process, added up in memory and flushed to one Redis hash
 * every ~1.5 s (one pipeline, one HINCRBYFLOAT per changed series), so recording costs no Redis
 * round trip and the intake API can render the whole system's totals from one HGETALL.
 */
/** The hash fields of one histogram series: every bucket, then `_sum` and `_count`. */
interface HistogramFields {
  buckets: string[];
  inf: string;
  sum: string;
  count: string;
}

/** Label sets are few (steps × outcomes × domains); past this many, fields are built per call. */
const MAX_CACHED_SERIES = 4_096;

export class MetricsRecorder {
  readonly key: string;
  #pending = new Map<string, number>();
  /** Field names per histogram series: building them sorted and escaped was most of observe(). */
  readonly #histogramFields = new Map<string, HistogramFields>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  readonly #redis: Redis | Cluster;
  readonly #intervalMs: number;
  readonly #onError: ((err: Error) => void) | undefined;

  constructor(redis: Redis | Cluster, opts: MetricsRecorderOptions) {
    this.#redis = redis;
    this.key = metricsKey(opts.prefix);
    this.#intervalMs = opts.flushIntervalMs ?? 1_500;
    this.#onError = opts.onError;
  }

  inc(metric: CounterDef, labels: Labels = {}, by = 1): void {
    this.#add(seriesKey(metric.name, labels), by);
  }

  /**
   * Cumulative buckets, as Prometheus reads them: +1 in every bucket whose bound is ≥ value, and
   * +0 in the others so that every bucket of the series exists.
   */
  observe(metric: HistogramDef, labels: Labels, value: number): void {
    const fields = this.#fieldsOf(metric, labels);
    metric.buckets.forEach((le, i) => {
      this.#add(fields.buckets[i] ?? "", value <= le ? 1 : 0);
    });
    this.#add(fields.inf, 1);
    this.#add(fields.sum, value);
    this.#add(fields.count, 1);
  }

  #fieldsOf(metric: HistogramDef, labels: Labels): HistogramFields {
    const id = seriesKey(metric.name, labels);
    const cached = this.#histogramFields.get(id);
    if (cached) return cached;
    const fields = {
      buckets: metric.buckets.map((le) => seriesKey(`${metric.name}_bucket`, { ...labels, le: String(le) })),
      inf: seriesKey(`${metric.name}_bucket`, { ...labels, le: "+Inf" }),
      sum: seriesKey(`${metric.name}_sum`, labels),
      count: seriesKey(`${metric.name}_count`, labels),
    };
    if (this.#histogramFields.size < MAX_CACHED_SERIES) this.#histogramFields.set(id, fields);
    return fields;
  }

  /** Starts the periodic flush; the timer never keeps the process alive. */
  start(): this {
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.flush(), this.#intervalMs);
      this.#timer.unref();
    }
    return this;
  }

  /** Sends what is pending. Concurrent calls share one flush; failures are kept for the next. */
  async flush(): Promise<void> {
    if (this.#flushing) await this.#flushing;
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const run = async () => {
      const pipe = this.#redis.pipeline();
      // HINCRBYFLOAT for every field: HINCRBY refuses a field that ever held a fraction (a _sum).
      for (const [field, delta] of batch) pipe.hincrbyfloat(this.key, field, delta);
      let results: [Error | null, unknown][];
      try {
        results = (await pipe.exec()) ?? [];
      } catch (e) {
        // Not sent: put the batch back, so a Redis outage delays the counters but loses nothing.
        for (const [field, delta] of batch) this.#add(field, delta);
        throw e;
      }
      // A command Redis refused (a field that is not a number) would be refused again: report it only.
      const refused = results.find(([err]) => err)?.[0];
      if (refused) throw refused;
    };
    this.#flushing = run()
      .catch((e: unknown) => this.#onError?.(e instanceof Error ? e : new Error(String(e))))
      .finally(() => {
        this.#flushing = undefined;
      });
    await this.#flushing;
  }

  /** Stops the timer and flushes once more. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  #add(field: string, delta: number): void {
    this.#pending.set(field, (this.#pending.get(field) ?? 0) + delta);
  }
}
