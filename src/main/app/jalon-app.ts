/**
 * What the shells (Electron main, browser dev harness, tests) get from the composition root
 * (create-app.ts): one dispatch function for the whole typed API and a stream of push events.
 */
import type { PushEvent, PushEvents } from '../../shared/api/contract.js';
import type { Clock, IdFactory } from '../../shared/ids.js';
import type { Dispatch } from '../ipc/dispatcher.js';
import type { Logger } from './logger.js';

export interface JalonAppOptions {
  /** Folder holding the cache database, the blob store and settings (Electron: app.getPath('userData')). */
  readonly dataDir: string;
  /** Encryption key of the SQLite cache; omitted = plain file (tests, harness with JALON_PLAIN_CACHE=1). */
  readonly cacheKey?: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly newId?: IdFactory;
  /** Validate every response against the contract (tests, dev harness). */
  readonly checkResponses?: boolean;
  /** Description of the device for sessions and signatures ("Electron 41 / Linux", "harness"). */
  readonly deviceInfo?: string;
}

export type PushListener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

export interface JalonApp {
  readonly dispatch: Dispatch;
  onEvent(listener: PushListener): () => void;
  close(): Promise<void>;
}
