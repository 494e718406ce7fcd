// An in-memory ReadableStore for the fakes: set() replaces the contents and publishes
// one batch, as a relist does in the real store.
import type { Health, KubeObject, ReadableStore } from '../../src/k8s/types.js';
import { keyOf } from '../../src/state/store.js';

export class FakeStore implements ReadableStore<KubeObject> {
  version = 0;
  health: Health = { state: 'syncing', count: 0 };
  private objects = new Map<string, KubeObject>();
  private items: readonly KubeObject[] = [];
  private listeners = new Set<() => void>();

  /** key: how objects are keyed; by default as the real store keys them ("ns/name", or "name" when cluster-scoped) */
  constructor(private readonly key: (o: KubeObject) => string = keyOf) {}

  get size(): number {
    return this.objects.size;
  }
  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }
  list(): readonly KubeObject[] {
    return this.items;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** replaces the contents and publishes one batch */
  set(objects: KubeObject[], health?: Health): void {
    this.objects = new Map(objects.map((o) => [this.key(o), o]));
    this.items = [...this.objects.values()];
    this.health = health ?? { state: 'synced', count: objects.length, since: Date.now() };
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}
