// A scripted IdentityApi: tests set the state the "server" answers with and count asks.
import type { IdentityApi, IdentityState } from '../../src/k8s/identity.js';

export class FakeIdentityApi implements IdentityApi {
  current: IdentityState = { review: { loading: false }, rules: { loading: false }, rulesNamespace: 'default' };
  /** what the next refresh() answers with; undefined leaves the state as it is */
  next: Partial<IdentityState> | undefined;
  refreshes = 0;
  whoamis = 0;
  private listeners = new Set<() => void>();

  state(): IdentityState {
    return this.current;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(patch: Partial<IdentityState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of [...this.listeners]) l();
  }
  async whoami(): Promise<string | undefined> {
    this.whoamis++;
    return this.current.review.object?.status?.userInfo?.username;
  }
  async refresh(): Promise<void> {
    this.refreshes++;
    await Promise.resolve();
    if (this.next) this.set(this.next);
  }
}
