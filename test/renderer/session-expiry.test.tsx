// @vitest-environment jsdom
/**
 * A session that ended by itself in main (calls refused with rule session_expired): the renderer
 * goes back to the sign-in gate and says why, instead of showing errors on every screen.
 */
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useApiQuery } from '../../src/renderer/lib/query';
import { fakeBridge, refuse, renderWithApp } from './support/render';

function GateProbe() {
  const state = useApiQuery('app:state', {}, { staleTime: Infinity });
  useApiQuery('beneficiaries:list', {}, { enabled: Boolean(state.data?.user) });
  if (!state.data) return <p>chargement</p>;
  return <p>{state.data.user ? 'connecté' : 'écran de connexion'}</p>;
}

afterEach(cleanup);

describe('session expiry in the renderer', () => {
  it('a call refused with session_expired signs the renderer out, with a French explanation', async () => {
    const { bridge, invoke } = fakeBridge({
      'app:state': () => ({ firstRun: false, mode: 'local', firm: { name: 'Cabinet' }, user: { id: 'u1' } }),
      'beneficiaries:list': () =>
        refuse({ code: 'UNAUTHENTICATED', message: 'The session has expired', rule: 'session_expired' }),
    });
    renderWithApp(<GateProbe />, bridge);
    await waitFor(() => expect(screen.getByText('écran de connexion')).toBeTruthy());
    expect(await screen.findByText('Votre session a expiré : reconnectez-vous pour continuer.')).toBeTruthy();
    // Not retried: one refusal is enough.
    expect(invoke.mock.calls.filter(([c]) => c === 'beneficiaries:list')).toHaveLength(1);
  });

  it('another refusal (a plain UNAUTHENTICATED) leaves the session alone', async () => {
    const { bridge } = fakeBridge({
      'app:state': () => ({ firstRun: false, mode: 'local', firm: { name: 'Cabinet' }, user: { id: 'u1' } }),
      'beneficiaries:list': () => refuse({ code: 'FORBIDDEN', message: 'no' }),
    });
    renderWithApp(<GateProbe />, bridge);
    await waitFor(() => expect(screen.getByText('connecté')).toBeTruthy());
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByText('connecté')).toBeTruthy();
  });
});
