/**
 * The signed-in user of this app instance (local mode keeps it in memory; the Electron shell holds
 * one app per window session). Passed explicitly, never a global.
 */
import type { SessionUser } from '../../shared/api/app.api.js';

export class Session {
  private user: SessionUser | null = null;
  private readonly listeners = new Set<(user: SessionUser | null) => void>();

  current(): SessionUser | null {
    return this.user;
  }

  signIn(user: SessionUser): void {
    this.user = user;
    for (const l of this.listeners) l(user);
  }

  signOut(): void {
    this.user = null;
    for (const l of this.listeners) l(null);
  }

  onChange(listener: (user: SessionUser | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
