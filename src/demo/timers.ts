// Delayed steps of the demo's controllers, once per key, all stopped together.
export class Planned {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** keys of work already planned, e.g. "uid:bind" */
  private readonly keys = new Set<string>();

  /** runs fn after ms unless the same key is already planned; never keeps the process alive */
  later(key: string, ms: number, fn: () => void): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.keys.delete(key);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.keys.clear();
  }
}
