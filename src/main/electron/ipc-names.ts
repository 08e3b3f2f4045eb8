/** The only two kinds of Electron IPC messages Jalon uses. */
export const IPC_INVOKE = 'jalon:invoke';
export const IPC_EVENT_PREFIX = 'jalon:event:';
