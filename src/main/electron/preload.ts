/**
 * The preload script (sandboxed, contextIsolation on): exposes exactly the typed JalonBridge as
 * `window.jalon` — never ipcRenderer itself. Channel names are checked against the contract's list
 * before anything is sent; main validates the payloads again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, PUSH_EVENTS, type JalonBridge } from '../../shared/api/contract.js';
import { IPC_EVENT_PREFIX, IPC_INVOKE } from './ipc-names.js';

const channels = new Set<string>(CHANNELS);
const events = new Set<string>(PUSH_EVENTS);

function invoke(channel: string, payload: unknown): Promise<unknown> {
  if (!channels.has(channel)) {
    return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown channel ${channel}` } });
  }
  return ipcRenderer.invoke(IPC_INVOKE, channel, payload);
}

function on(event: string, listener: (payload: unknown) => void): () => void {
  if (!events.has(event)) throw new Error(`Unknown event ${event}`);
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(IPC_EVENT_PREFIX + event, wrapped);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_PREFIX + event, wrapped);
  };
}

// The runtime checks above are what make these signatures the typed bridge.
const bridge = { invoke, on } as unknown as JalonBridge;

contextBridge.exposeInMainWorld('jalon', bridge);
