/**
 * The signed-in user of this app instance (local mode keeps it in memory; the Electron shell holds
 * one app per window session), and how the session was opened (local, online, offline unlock).
 * Passed explicitly, never a global. Server session tokens are NOT kept here: they stay inside the
 * connection service (src/main/services/connection.service.ts) and never reach the renderer.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { SessionInfo } from '../../shared/api/auth.api.js';

export class Session {
  private user: SessionUser | null = null;
  private details: SessionInfo | null = null;
  private readonly listeners = new Set<(user: SessionUser | null) => void>();

  current(): SessionUser | null {
    return this.user;
  }

  /** How the current session was opened; null when signed out or signed in by first-run setup. */
  info(): SessionInfo | null {
    return this.user === null ? null : this.details;
  }

  signIn(user: SessionUser, info?: SessionInfo): void {
    this.user = user;
    this.details = info ?? null;
    for (const l of this.listeners) l(user);
  }

  signOut(): void {
    this.user = null;
    this.details = null;
    for (const l of this.listeners) l(null);
  }

  onChange(listener: (user: SessionUser | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
