/**
 * The signed-in user of this app instance (local mode keeps it in memory; the Electron shell holds
 * one app per window session), and how the session was opened (local, online, offline unlock).
 * Passed explicitly, never a global. Server session tokens are NOT kept here: they stay inside the
 * connection service (src/main/services/connection.service.ts) and never reach the renderer.
 *
 * A session ends by itself (a local sign-in at its expiresAt, LOCAL_SESSION_HOURS; an offline
 * unlock no later than the firm's offline period; an online sign-in `onlineHours` after it was
 * opened, by this device's clock — the server's expiresAt is in the server's clock, which this
 * device's may not match; the server enforces its own, and sync stops when it refuses the
 * session): the next look at the current user finds nobody, listeners hear it with the reason
 * 'session_expired', and calls are refused until the user signs in again.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { SessionInfo } from '../../shared/api/auth.api.js';

export type SessionEnd = 'session_expired';
export type SessionListener = (user: SessionUser | null, ended?: SessionEnd) => void;

export class Session {
  private user: SessionUser | null = null;
  private details: SessionInfo | null = null;
  private ended: SessionEnd | null = null;
  /** When the session ends by itself (ms, this device's clock), or null. */
  private deadline: number | null = null;
  private readonly listeners = new Set<SessionListener>();

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly onlineHours = 12,
  ) {}

  current(): SessionUser | null {
    if (this.user !== null && this.deadline !== null && this.deadline <= this.clock().getTime()) {
      this.end('session_expired');
    }
    return this.user;
  }

  /** How the current session was opened; null when signed out or signed in by first-run setup. */
  info(): SessionInfo | null {
    return this.current() === null ? null : this.details;
  }

  /** Why the last session ended by itself, while nobody has signed in since (else null). */
  endedBy(): SessionEnd | null {
    return this.user === null ? this.ended : null;
  }

  signIn(user: SessionUser, info?: SessionInfo): void {
    this.user = user;
    this.details = info ?? null;
    this.ended = null;
    this.deadline =
      info === undefined
        ? null
        : info.mode === 'online'
          ? this.clock().getTime() + this.onlineHours * 3_600_000
          : Date.parse(info.expiresAt);
    for (const l of this.listeners) l(user);
  }

  /** An explicit sign-out (a no-op when nobody is signed in: an expired session keeps its reason). */
  signOut(): void {
    if (this.user === null) return;
    this.user = null;
    this.details = null;
    this.ended = null;
    for (const l of this.listeners) l(null);
  }

  onChange(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the session as if it had expired (the server refused it): same reason, same listeners. */
  expire(): void {
    if (this.user !== null) this.end('session_expired');
  }

  private end(reason: SessionEnd): void {
    this.user = null;
    this.details = null;
    this.ended = reason;
    for (const l of this.listeners) l(null, reason);
  }
}
