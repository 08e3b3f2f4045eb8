import { describe, expect, it, vi } from 'vitest';
import type { JalonApp, PushListener } from '../../../src/main/app/jalon-app.js';
import { silentLogger } from '../../../src/main/app/logger.js';
import { APP_ORIGIN } from '../../../src/main/electron/app-protocol.js';
import { registerIpc, type IpcMainLike } from '../../../src/main/electron/ipc-bridge.js';
import { IPC_EVENT_PREFIX, IPC_INVOKE } from '../../../src/main/electron/ipc-names.js';

function fakeIpcMain() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}

function fakeApp() {
  let listener: PushListener | null = null;
  const app: JalonApp = {
    dispatch: vi.fn((channel: string) => Promise.resolve({ ok: true as const, value: channel })),
    onEvent: (l) => {
      listener = l;
      return () => (listener = null);
    },
    close: () => Promise.resolve(),
  };
  return { app, emit: (...args: Parameters<PushListener>) => listener?.(...args) };
}

describe('Electron IPC bridge', () => {
  const policy = { origins: [APP_ORIGIN] };

  it('forwards calls from the app frame to the dispatcher', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const { app } = fakeApp();
    registerIpc(ipc, app, policy, silentLogger, () => null);
    const result = await handlers.get(IPC_INVOKE)!(
      { senderFrame: { url: `${APP_ORIGIN}/`, parent: null } },
      'app:state',
      {},
    );
    expect(result).toEqual({ ok: true, value: 'app:state' });
  });

  it.each([
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a sub-frame of the app', { url: `${APP_ORIGIN}/`, parent: {} }],
    ['a file URL', { url: 'file:///tmp/x.html', parent: null }],
    ['no frame', null],
  ])('refuses a call from %s without reaching the services', async (_label, frame) => {
    const { ipc, handlers } = fakeIpcMain();
    const { app } = fakeApp();
    registerIpc(ipc, app, policy, silentLogger, () => null);
    const result = await handlers.get(IPC_INVOKE)!({ senderFrame: frame }, 'users:listStaff', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.dispatch).not.toHaveBeenCalled();
  });

  it('pushes events to the window and stops after dispose', () => {
    const { ipc, handlers } = fakeIpcMain();
    const { app, emit } = fakeApp();
    const send = vi.fn();
    const dispose = registerIpc(ipc, app, policy, silentLogger, () => ({ send, isDestroyed: () => false }));
    emit('data:changed', { tables: ['assessments'] });
    expect(send).toHaveBeenCalledWith(`${IPC_EVENT_PREFIX}data:changed`, { tables: ['assessments'] });
    dispose();
    emit('data:changed', { tables: ['users'] });
    expect(send).toHaveBeenCalledTimes(1);
    expect(handlers.has(IPC_INVOKE)).toBe(false);
  });
});
