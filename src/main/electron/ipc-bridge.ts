/**
 * Registers Jalon's single invoke channel on ipcMain: the sender frame must be the app's own
 * top-level frame, then the call goes to the same dispatcher the browser harness uses. Push events
 * are forwarded to the window. Electron objects are passed in, so this runs (and is tested) under Node.
 */
import type { JalonApp } from '../app/jalon-app.js';
import type { Logger } from '../app/logger.js';
import { isTrustedSenderFrame, type AppOriginPolicy, type SenderFrameLike } from './security/navigation-guard.js';
import { IPC_EVENT_PREFIX, IPC_INVOKE } from './ipc-names.js';

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: SenderFrameLike | null }, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface WebContentsSendLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export function registerIpc(
  ipcMain: IpcMainLike,
  app: JalonApp,
  policy: AppOriginPolicy,
  logger: Logger,
  target: () => WebContentsSendLike | null,
): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel, payload) => {
    if (!isTrustedSenderFrame(event.senderFrame, policy)) {
      logger.warn({ url: event.senderFrame?.url }, 'IPC from an untrusted frame refused');
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted sender' } };
    }
    return app.dispatch(typeof channel === 'string' ? channel : '', payload);
  });
  const unsubscribe = app.onEvent((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_PREFIX + event, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
