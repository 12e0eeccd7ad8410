import type { StoredObject } from "./types";

/**
 * Order of every list endpoint: created_time. Ties (same millisecond, or a frozen test clock) keep
 * creation order, because stores iterate in insertion order and `Array.prototype.sort` is stable.
 */
export function byCreation(a: { created_time: number }, b: { created_time: number }): number {
  return a.created_time - b.created_time;
}

/** One org-scoped object store keyed by id; iteration follows insertion (creation) order. */
export class Collection<T extends StoredObject = StoredObject> {
  private readonly items = new Map<string, T>();

  get size(): number {
    return this.items.size;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  /** All objects in list order. */
  list(): T[] {
    return [...this.items.values()].sort(byCreation);
  }

  put(item: T): T {
    this.items.set(item.id, item);
    return item;
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  clear(): void {
    this.items.clear();
  }
}
