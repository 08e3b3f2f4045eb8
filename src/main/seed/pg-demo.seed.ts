/**
 * Loads the demo firm into a PostgreSQL database (scripts/seed-demo.ts): the same generator as the
 * local seed, rows converted to server values by the row codec (hundredths → "24.00", 0/1 → boolean,
 * JSON text → values), inserted in one transaction in foreign-key order. Staff get a server password
 * verifier for the demo password (src/main/security/password.ts).
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/errors.js';
import { tableDef } from '../db/schema/catalog-index.js';
import { codecFor } from '../db/schema/row-codec.js';
import type { ServerDB } from '../db/types.js';
import { serverVerifierForPassword } from '../security/password.js';
import { buildDemoData, DEMO_PASSWORD, type DemoData } from './demo.generator.js';
import { buildReferenceRows } from './reference.seed.js';

export interface SeedDemoPgOptions {
  readonly now: Date;
  readonly seed?: number;
  readonly beneficiaries?: number;
  readonly newId: () => string;
}

export interface SeedDemoPgResult {
  readonly rows: number;
  readonly staff: DemoData['staff'];
  readonly password: string;
}

type AnyRow = Record<string, unknown>;

/** A local (SQLite representation) row as the server stores it. */
export function toServerRow(table: string, row: AnyRow): AnyRow {
  return codecFor(tableDef(table)).toServer(row);
}

export async function seedDemoPg(db: Kysely<ServerDB>, options: SeedDemoPgOptions): Promise<SeedDemoPgResult> {
  const verifier = await serverVerifierForPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const insert = async (table: string, row: AnyRow) => {
      await trx
        .insertInto(table as Extract<keyof ServerDB, string>)
        .values(row)
        .execute();
    };
    const roles = await trx.selectFrom('roles').select(['id', 'name']).execute();
    const permissions = await trx.selectFrom('permissions').select(['id', 'name']).execute();
    const links = await trx.selectFrom('role_permissions').select(['role_id', 'permission_id']).execute();
    const reference = buildReferenceRows(options.newId, {
      roles: new Map(roles.map((r) => [r.name, r.id])),
      permissions: new Map(permissions.map((p) => [p.name, p.id])),
      links: new Set(links.map((l) => `${l.role_id}:${l.permission_id}`)),
    });
    for (const r of reference) await insert(r.table, toServerRow(r.table, r.row));
    const roleIds = new Map(
      (await trx.selectFrom('roles').select(['id', 'name']).execute()).map((r) => [r.name, r.id]),
    );

    const data = buildDemoData({
      now: options.now,
      seed: options.seed ?? 1,
      roleIds,
      ...(options.beneficiaries !== undefined ? { beneficiaries: options.beneficiaries } : {}),
    });
    const staffEmails = new Set(data.staff.map((s) => s.email));
    const taken = await trx
      .selectFrom('users')
      .select('email')
      .where('email', 'in', [...staffEmails])
      .execute();
    if (taken.length > 0) {
      throw new AppError('CONFLICT', `The demo firm is already loaded (${taken[0]!.email})`, {
        rule: 'demo_already_loaded',
      });
    }
    for (const r of data.rows) {
      const row = toServerRow(r.table, r.row);
      if (r.table === 'users' && staffEmails.has(String(r.row.email))) row.password_hash = verifier;
      await insert(r.table, row);
    }
    return { rows: reference.length + data.rows.length, staff: data.staff, password: DEMO_PASSWORD };
  });
}
