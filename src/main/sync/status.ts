/**
 * What the UI shows about sync (the lead mirrors SyncStatus in the IPC contract, src/shared/api),
 * and the events the engine emits.
 */

export type ConnectionState = 'online' | 'offline' | 'connecting';
export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'initial-sync';

export interface SyncProgress {
  readonly rowsDone: number;
  readonly rowsTotal: number;
}

export interface SyncErrorInfo {
  /**
   * 'network' (will retry by itself), 'session' (the server no longer accepts the session: sign in
   * again) or 'internal' (a bug or an unexpected server answer).
   */
  readonly kind: 'network' | 'session' | 'internal';
  readonly message: string;
  readonly at: string;
}

export interface SyncStatus {
  readonly connection: ConnectionState;
  readonly phase: SyncPhase;
  /** Outbox entries waiting to be sent (including those held behind a rejected change). */
  readonly pendingCount: number;
  /** Of pendingCount, those held behind a rejected change of the same row. */
  readonly blockedCount: number;
  /** Changes the server refused, kept on the device until the user fixes or discards them. */
  readonly rejectedCount: number;
  /** Conflict records awaiting the user's review. */
  readonly conflictsCount: number;
  /** ISO time of the last complete push + pull. */
  readonly lastSyncAt: string | null;
  readonly lastError: SyncErrorInfo | null;
  /** ISO time of the next automatic attempt after a failure (backoff), if one is scheduled. */
  readonly nextRetryAt: string | null;
  /** Rows done / total of the current pull (initial sync of a new device: the progress bar). */
  readonly progress: SyncProgress | null;
}

export const INITIAL_STATUS: SyncStatus = {
  connection: 'offline',
  phase: 'idle',
  pendingCount: 0,
  blockedCount: 0,
  rejectedCount: 0,
  conflictsCount: 0,
  lastSyncAt: null,
  lastError: null,
  nextRetryAt: null,
  progress: null,
};

export interface SyncReport {
  readonly pushed: number;
  readonly applied: number;
  readonly conflicts: number;
  readonly rejected: number;
  /** Rows pulled, plus rows fetched or dropped by a scope reconciliation (rescan.ts). */
  readonly pulled: number;
}

export interface SyncEvents {
  status: SyncStatus;
  progress: SyncProgress;
  synced: SyncReport;
  error: SyncErrorInfo;
}

type Listener<T> = (value: T) => void;

/** A minimal typed event emitter (no Node dependency, so the type can be mirrored anywhere). */
export class SyncEmitter {
  private readonly listeners = new Map<keyof SyncEvents, Set<Listener<never>>>();

  on<K extends keyof SyncEvents>(event: K, listener: Listener<SyncEvents[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof SyncEvents>(event: K, value: SyncEvents[K]): void {
    for (const l of this.listeners.get(event) ?? []) (l as Listener<SyncEvents[K]>)(value);
  }
}
