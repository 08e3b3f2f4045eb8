import { z } from 'zod';
import { channel } from './channel.js';
import { email, empty } from './common.js';
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

/** Interface languages shipped with this version (the i18n layer has one folder per language). */
export const LANGUAGES = ['fr'] as const;
export const language = z.enum(LANGUAGES);
export type Language = z.infer<typeof language>;

/** Days an online login lets a device be unlocked offline; 0 turns offline unlock off. */
export const OFFLINE_UNLOCK_DAYS_MAX = 90;
export const offlineUnlockDays = z.number().int().min(0).max(OFFLINE_UNLOCK_DAYS_MAX);

export const settings = z.object({
  mode: z.enum(['local', 'connected']),
  server: z
    .object({ host: z.string(), port: z.number(), database: z.string(), user: z.string(), ssl: z.string() })
    .nullable(),
  language,
  firm: firmInfo.nullable(),
  offlineUnlockDays,
});
export type Settings = z.infer<typeof settings>;

/**
 * Back to local mode. Signed in: needs settings.manage. Signed out (connected mode, e.g. the server
 * does not know the local administrator): the e-mail and password of a local-mode account holding
 * settings.manage on this device, who is then signed in.
 */
export const useLocalModeRequest = z.strictObject({
  email: email.optional(),
  password: z.string().min(1).max(1024).optional(),
});

export const serverTestResult = z.object({
  ok: z.boolean(),
  serverVersion: z.string().nullable(),
  error: z.string().nullable(),
});

export const settingsApi = {
  'settings:get': channel(empty, settings),
  'settings:testServer': channel(serverSettingsInput, serverTestResult),
  /** Tests the connection, stores it (password in the SecretStore), switches to connected mode, signs out. */
  'settings:saveServer': channel(serverSettingsInput, settings),
  /** A new device joins the firm's server before any local account exists (first run only). */
  'settings:joinServer': channel(serverSettingsInput, settings, { public: true }),
  'settings:testJoinServer': channel(serverSettingsInput, serverTestResult, { public: true }),
  'settings:useLocalMode': channel(useLocalModeRequest, settings, { public: true }),
  'settings:saveFirm': channel(firmInfo, settings),
  /** The interface language of this device (any signed-in user). */
  'settings:saveLanguage': channel(z.strictObject({ language }), settings),
  /** Offline unlock period of this device: administrators only (settings.manage and users.manage). */
  'settings:saveOfflineUnlock': channel(z.strictObject({ days: offlineUnlockDays }), settings),
} as const;
