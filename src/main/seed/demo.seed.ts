/**
 * Loads the demo firm into a local cache through the LocalWriter (every row gets its outbox entry,
 * so a cache seeded offline pushes its demo data like any other change).
 */
import type { Clock } from '../../shared/ids.js';
import { systemClock } from '../../shared/ids.js';
import type { LocalTx, LocalWriter } from '../db/sqlite/local-writer.js';
import { roleIdsByName, upsertCredential } from '../repositories/user.repository.js';
import { setSetting } from '../repositories/settings.repository.js';
import { argon2idHasher, type PasswordHasher } from '../services/password-hasher.js';
import type { ServiceContext } from '../services/service-context.js';
import { SETTING_KEYS } from '../services/settings.service.js';
import { DEFAULT_DOCUMENT_SETTINGS, storeDocumentSettings } from '../services/document-context.service.js';
import { FIRM_DOCUMENTS } from './demo-data.js';
import { buildDemoData, DEMO_PASSWORD, type DemoData } from './demo.generator.js';
import { seedReferenceInTx } from './reference.seed.js';

export interface SeedDemoOptions {
  readonly clock?: Clock;
  readonly seed?: number;
  /** Reuse an existing admin (first-run setup) instead of creating the demo admin. */
  readonly adminId?: string;
  readonly beneficiaries?: number;
  readonly hasher?: PasswordHasher;
  /** Also store the demo firm as this device's firm settings (default true). */
  readonly firmSettings?: boolean;
}

export interface SeedDemoResult {
  readonly rows: number;
  readonly staff: DemoData['staff'];
  readonly password: string;
}

async function seedDemoInTx(tx: LocalTx, options: SeedDemoOptions, passwordHash: string): Promise<SeedDemoResult> {
  await seedReferenceInTx(tx);
  const roleIds = await roleIdsByName(tx.db);
  const data = buildDemoData({
    now: (options.clock ?? systemClock)(),
    seed: options.seed ?? 1,
    roleIds,
    ...(options.adminId !== undefined ? { adminId: options.adminId } : {}),
    ...(options.beneficiaries !== undefined ? { beneficiaries: options.beneficiaries } : {}),
  });
  for (const r of data.rows) await tx.insert(r.table, r.row);
  for (const s of data.staff)
    await upsertCredential(tx.db, { userId: s.userId, email: s.email, passwordHash, now: tx.now });
  if (options.firmSettings !== false && options.adminId === undefined) {
    await setSetting(tx.db, SETTING_KEYS.firm, data.firm, tx.now);
    await setSetting(tx.db, SETTING_KEYS.mode, 'local', tx.now);
    // The certificate names the firm's representative: the demo dossier is complete out of the box.
    await storeDocumentSettings(tx.db, { ...DEFAULT_DOCUMENT_SETTINGS, firm: { ...FIRM_DOCUMENTS } }, tx.now);
  }
  return { rows: data.rows.length, staff: data.staff, password: DEMO_PASSWORD };
}

/** Seeds reference data + the demo firm in one transaction of the given writer. */
export async function seedDemo(writer: LocalWriter, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const passwordHash = await (options.hasher ?? argon2idHasher).hash(DEMO_PASSWORD);
  return writer.transaction((tx) => seedDemoInTx(tx, options, passwordHash));
}

/** The first-run variant: the demo firm around the admin just created (emits data:changed). */
export async function seedDemoForAdmin(
  ctx: ServiceContext,
  options: { adminId: string; seed: number; hasher: PasswordHasher },
): Promise<void> {
  const passwordHash = await options.hasher.hash(DEMO_PASSWORD);
  await ctx.write(options.adminId, async (tx) => {
    await seedDemoInTx(tx, { clock: ctx.clock, seed: options.seed, adminId: options.adminId }, passwordHash);
    tx.touched('local_credentials');
  });
}
