// @vitest-environment jsdom
/**
 * One user's replica per device (src/main/sync/cache-owner.ts), as the renderer shows it: the two
 * refusals name the device's current user in French; and the sync indicator asks main to sync at
 * once when the system reports the network back (sync:reconnect), instead of waiting for the
 * engine's backoff.
 */
import { cleanup, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncIndicator } from '../../src/renderer/app/sync-indicator';
import { authErrorMessage } from '../../src/renderer/features/auth/lib/auth-errors';
import { initI18n } from '../../src/renderer/i18n';
import { ApiError } from '../../src/renderer/lib/api';
import { fakeBridge, renderWithApp } from './support/render';

afterEach(cleanup);

const STATUS = {
  mode: 'connected',
  online: false,
  syncing: false,
  pending: 2,
  rejected: 0,
  conflicts: 0,
  lastSyncAt: null,
  lastError: 'ECONNREFUSED',
  progress: null,
};

describe('the device belongs to one user', () => {
  it('names the previous user when their unsent work blocks a login, and the owner when unlocking offline', () => {
    initI18n();
    i18next.options.missingKeyHandler = (_l, ns, key) => {
      throw new Error(`missing translation ${ns}:${key}`);
    };
    const t = i18next.t.bind(i18next);
    const unsynced = new ApiError(
      {
        code: 'CONFLICT',
        message: 'This device holds changes of Alice Martin not yet sent to the server',
        rule: 'device_has_unsynced_work',
        details: { ownerName: 'Alice Martin', pendingChanges: 3, pendingFiles: 0 },
      },
      'auth:login',
    );
    expect(authErrorMessage(t, unsynced)).toBe(
      'Ce poste contient des modifications de Alice Martin qui n’ont pas encore été envoyées au serveur. ' +
        'Alice Martin doit se connecter pour les synchroniser avant qu’un autre compte utilise ce poste.',
    );
    const assigned = new ApiError(
      { code: 'OFFLINE', message: 'x', rule: 'device_assigned_to_other_user', details: { ownerName: 'Bruno Petit' } },
      'auth:login',
    );
    expect(authErrorMessage(t, assigned)).toBe(
      'Le serveur du cabinet est injoignable et ce poste contient les données de Bruno Petit. ' +
        'Un autre compte ne peut l’utiliser qu’avec une connexion en ligne.',
    );
    // Without a name (main always sends one): the general text, never a raw placeholder.
    const anonymous = new ApiError({ code: 'CONFLICT', message: 'x', rule: 'device_has_unsynced_work' }, 'auth:login');
    expect(authErrorMessage(t, anonymous)).not.toContain('{{');
    expect(authErrorMessage(t, anonymous)).not.toBe('x');
  });
});

describe('sync indicator', () => {
  it('asks main to sync now when the window goes back online', async () => {
    const { bridge, invoke } = fakeBridge({
      'sync:status': () => STATUS,
      'sync:reconnect': () => ({ ok: true }),
    });
    renderWithApp(
      <MemoryRouter>
        <SyncIndicator />
      </MemoryRouter>,
      bridge,
    );
    await screen.findByTestId('sync-indicator');
    expect(invoke).not.toHaveBeenCalledWith('sync:reconnect', {});
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('sync:reconnect', {}));
    expect(invoke.mock.calls.filter(([channel]) => channel === 'sync:reconnect')).toHaveLength(1);
    // Unmounted: no more calls.
    cleanup();
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 20));
    expect(invoke.mock.calls.filter(([channel]) => channel === 'sync:reconnect')).toHaveLength(1);
  });
});
