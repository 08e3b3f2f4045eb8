/**
 * The IPC contract format: each channel names a zod schema for its request and its response.
 * Main validates requests (and, in tests, responses); the renderer gets the inferred types.
 */
import type { z } from 'zod';
import type { ErrorPayload } from '../errors.js';

export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  /** Channels callable without a session (first-run setup, login, app state). */
  readonly public?: boolean;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
  options: { public?: boolean } = {},
): ChannelDef<Req, Res> {
  return { request, response, ...(options.public ? { public: true } : {}) };
}

/** The reply envelope of every IPC call: no raw exception ever crosses the bridge. */
export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorPayload };
