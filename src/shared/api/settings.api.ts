import { z } from 'zod';
import { channel } from './channel.js';
import { empty } from './common.js';
import { firmInfo } from './app.api.js';

export const serverSettingsInput = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9.-]+$/, 'host'),
  port: z.number().int().min(1).max(65535).default(5432),
  database: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .regex(/^[A-Za-z0-9_-]+$/, 'database'),
  user: z.string().trim().min(1).max(63),
  password: z.string().max(1024),
  ssl: z.enum(['disable', 'require', 'verify-full']).default('require'),
});

export const settings = z.object({
  mode: z.enum(['local', 'connected']),
  server: z
    .object({ host: z.string(), port: z.number(), database: z.string(), user: z.string(), ssl: z.string() })
    .nullable(),
  language: z.enum(['fr']),
  firm: firmInfo.nullable(),
  offlineUnlockDays: z.number().int().min(0).max(90),
});
export type Settings = z.infer<typeof settings>;

export const settingsApi = {
  'settings:get': channel(empty, settings),
  'settings:testServer': channel(
    serverSettingsInput,
    z.object({ ok: z.boolean(), serverVersion: z.string().nullable(), error: z.string().nullable() }),
  ),
  'settings:saveServer': channel(serverSettingsInput, settings),
  'settings:useLocalMode': channel(empty, settings),
  'settings:saveFirm': channel(firmInfo, settings),
} as const;
