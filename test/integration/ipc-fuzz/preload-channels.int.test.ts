/**
 * The preload bridge exposes exactly the contract's channels: it forwards every channel of CHANNELS
 * to main (one invoke message, channel and payload untouched) and refuses anything else itself,
 * without bothering main. Electron is replaced by a recording fake; the preload code is the real one.
 */
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, PUSH_EVENTS, contract, type JalonBridge } from '../../../src/shared/api/contract.js';
import { IPC_EVENT_PREFIX, IPC_INVOKE } from '../../../src/main/electron/ipc-names.js';

const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
const subscribed: string[] = [];

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: 'forwarded' });
    },
    on: (channel: string) => subscribed.push(channel),
    removeListener: () => undefined,
  },
}));

describe('preload bridge', () => {
  it('forwards exactly the contract channels and refuses the others without calling main', async () => {
    await import('../../../src/main/electron/preload.js');
    expect([...exposed.keys()]).toEqual(['jalon']);
    const bridge = exposed.get('jalon') as JalonBridge;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);

    const invoke = (channel: string, payload: unknown): Promise<unknown> =>
      bridge.invoke(channel as never, payload as never);
    for (const channel of CHANNELS) {
      invoked.length = 0;
      const payload = { probe: channel };
      expect(await invoke(channel, payload)).toEqual({ ok: true, value: 'forwarded' });
      expect(invoked).toEqual([[IPC_INVOKE, channel, payload]]);
    }
    // The accepted set is the contract, no more: anything else is answered in the preload.
    invoked.length = 0;
    for (const channel of ['nope:nothing', '__proto__', 'constructor', 'toString', '', 'auth:login ', 'AUTH:LOGIN']) {
      expect(await invoke(channel, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(invoked).toEqual([]);
    expect(new Set(CHANNELS)).toEqual(new Set(Object.keys(contract)));

    // Push events: the known ones only.
    const on = (event: string, listener: () => void): (() => void) => bridge.on(event as never, listener);
    for (const event of PUSH_EVENTS) on(event, () => undefined)();
    expect(subscribed).toEqual(PUSH_EVENTS.map((e) => IPC_EVENT_PREFIX + e));
    expect(() => on('app:quit', () => undefined)).toThrow();
  });
});
