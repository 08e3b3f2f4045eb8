/**
 * The whole IPC contract: channel → { request schema, response schema }. The preload exposes only
 * `invoke(channel, payload)` over these channels; main validates every payload with the schema
 * before any service runs. Domain files add their channels here.
 */
import type { z } from 'zod';
import { appApi } from './app.api.js';
import { assessmentsApi } from './assessments.api.js';
import { authApi } from './auth.api.js';
import { beneficiariesApi } from './beneficiaries.api.js';
import type { IpcResult } from './channel.js';
import type { SyncStatus } from './sync.api.js';
import { dashboardApi } from './dashboard.api.js';
import { documentsApi } from './documents.api.js';
import { fundingOrganizationsApi } from './funding-organizations.api.js';
import { planningApi } from './planning.api.js';
import { questionnairesApi } from './questionnaires.api.js';
import { searchApi } from './search.api.js';
import { settingsApi } from './settings.api.js';
import { syncApi } from './sync.api.js';
import { usersApi } from './users.api.js';

export const contract = {
  ...appApi,
  ...usersApi,
  ...beneficiariesApi,
  ...assessmentsApi,
  ...planningApi,
  ...dashboardApi,
  ...searchApi,
  ...syncApi,
  ...settingsApi,
  ...questionnairesApi,
  ...documentsApi,
  ...fundingOrganizationsApi,
  // Login (local, online, offline unlock), second factor, sessions, passwords, TOTP enrolment.
  ...authApi,
} as const;

export type Contract = typeof contract;
export type Channel = Extract<keyof Contract, string>;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

/** Events pushed from main to the renderer. */
export interface PushEvents {
  /** Tables changed locally or by a pull: the renderer invalidates the matching queries. */
  'data:changed': { tables: string[] };
  'sync:status': SyncStatus;
}
export type PushEvent = keyof PushEvents;

/** What the preload exposes as `window.jalon`. */
export interface JalonBridge {
  invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
}

export const CHANNELS = Object.keys(contract) as Channel[];
export const PUSH_EVENTS: readonly PushEvent[] = ['data:changed', 'sync:status'];
