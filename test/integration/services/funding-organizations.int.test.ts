/**
 * Funding organisations end to end: through the app's dispatcher on a real SQLite file (validation,
 * permissions, the one write path with its outbox entries, the link from a bilan, deletion refused
 * while in use), then on real PostgreSQL: what an administrator's device writes reaches the server
 * under its row-level security and a consultant's device pulls it (creation, edit, deletion).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/main/app/logger.js';
import { FundingOrganizationService } from '../../../src/main/services/funding-organization.service.js';
import { createServiceContext } from '../../../src/main/services/service-context.js';
import type { SessionUser } from '../../../src/shared/api/app.api.js';
import { permissionsOfRoles } from '../../../src/shared/domain/permissions.js';
import { usePgDatabase } from '../../support/pg.js';
import { createDevice, outbox, seedWorld, type Device, type World } from '../sync/sync-fixtures.js';
import {
  createConsultant,
  createTestApp,
  expectOneEntryPerRow,
  expectRejectedWithoutWrites,
  lastOutboxSeq,
  login,
  outboxSince,
  sequentialIds,
  setupAdmin,
  type TestApp,
} from './service-fixtures.js';

const OPCO = {
  name: 'OPCO Atlas',
  type: 'opco',
  contactName: 'Service financement',
  contactEmail: ' Financement@OPCO-Atlas.FR ',
  contactPhone: '01 23 45 67 89',
  siret: '851 296 632 00024',
  vatNumber: 'fr 12 851296632',
} as const;

describe('funding organisations (local app, SQLite)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ now: '2026-03-10T09:00:00.000Z' });
    await setupAdmin(t);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('creates one with its fields normalised; one outbox entry per written row', async () => {
    const seq = await lastOutboxSeq(t);
    const o = await t.call('fundingOrganizations:create', OPCO);
    expect(o).toMatchObject({
      name: 'OPCO Atlas',
      type: 'opco',
      contactEmail: 'financement@opco-atlas.fr',
      siret: '85129663200024',
      vatNumber: 'FR12851296632',
      address: null,
      notes: null,
      assessmentCount: 0,
      createdAt: '2026-03-10T09:00:00.000Z',
    });
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => `${e.table_name}:${e.op}`).sort()).toEqual([
      'activity_logs:insert',
      'funding_organizations:insert',
    ]);
    expectOneEntryPerRow(entries);
    const after = JSON.parse(entries.find((e) => e.table_name === 'funding_organizations')!.after_json!) as Record<
      string,
      unknown
    >;
    expect(after).toMatchObject({ id: o.id, name: 'OPCO Atlas', contact_email: 'financement@opco-atlas.fr' });
  });

  it('lists in French name order, searches without accents or case, filters by type', async () => {
    for (const [name, type] of [
      ['Région Île-de-France', 'other'],
      ['OPCO Akto', 'opco'],
      ['Entreprise Éclair', 'employer'],
      ['opco 2i', 'opco'],
    ] as const) {
      await t.call('fundingOrganizations:create', { name, type });
    }
    const all = await t.call('fundingOrganizations:list', {});
    expect(all.items.map((o) => o.name)).toEqual(['Entreprise Éclair', 'opco 2i', 'OPCO Akto', 'Région Île-de-France']);
    expect(all).toMatchObject({ total: 4, canManage: true });
    expect((await t.call('fundingOrganizations:list', { query: 'ile de france' })).items.map((o) => o.name)).toEqual([
      'Région Île-de-France',
    ]);
    expect((await t.call('fundingOrganizations:list', { query: 'ECLAIR' })).items.map((o) => o.name)).toEqual([
      'Entreprise Éclair',
    ]);
    const opcos = await t.call('fundingOrganizations:list', { type: 'opco', limit: 1 });
    expect(opcos).toMatchObject({ total: 2, items: [{ name: 'opco 2i' }] });
  });

  it('refuses bad input naming the field, and a second organisation of the same name, writing nothing', async () => {
    await t.call('fundingOrganizations:create', OPCO);
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('fundingOrganizations:create', { name: 'X', type: 'opco', siret: '1234' }),
      { code: 'VALIDATION', field: 'siret' },
    );
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('fundingOrganizations:create', { name: 'X', type: 'opco', vatNumber: '12' }),
      { code: 'VALIDATION', field: 'vatNumber' },
    );
    await expectRejectedWithoutWrites(t, () => t.fail('fundingOrganizations:create', { name: ' ', type: 'opco' }), {
      code: 'VALIDATION',
      field: 'name',
    });
    await expectRejectedWithoutWrites(t, () => t.fail('fundingOrganizations:create', { name: 'X', type: 'bank' }), {
      code: 'VALIDATION',
      field: 'type',
    });
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('fundingOrganizations:create', { name: 'opco atlas', type: 'opco' }),
      { code: 'CONFLICT', field: 'name', rule: 'unique' },
    );
  });

  it('updates the given fields only (empty text clears), logs the change, and says NOT_FOUND for an unknown id', async () => {
    const o = await t.call('fundingOrganizations:create', { ...OPCO, notes: 'Dossier en ligne' });
    t.time.set('2026-03-10T10:00:00.000Z');
    const seq = await lastOutboxSeq(t);
    const u = await t.call('fundingOrganizations:update', { id: o.id, contactName: '', address: '1 rue de Paris' });
    expect(u).toMatchObject({
      name: 'OPCO Atlas',
      contactName: null,
      address: '1 rue de Paris',
      notes: 'Dossier en ligne',
      updatedAt: '2026-03-10T10:00:00.000Z',
    });
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => `${e.table_name}:${e.op}`).sort()).toEqual([
      'activity_logs:insert',
      'funding_organizations:update',
    ]);
    const change = entries.find((e) => e.table_name === 'funding_organizations')!;
    expect(Object.keys(JSON.parse(change.after_json!) as object).sort()).toEqual([
      'address',
      'contact_name',
      'updated_at',
    ]);
    // Nothing changed: no outbox entry, no log.
    const seq2 = await lastOutboxSeq(t);
    await t.call('fundingOrganizations:update', { id: o.id, name: 'OPCO Atlas' });
    expect(await outboxSince(t, seq2)).toEqual([]);

    await expectRejectedWithoutWrites(
      t,
      () => t.fail('fundingOrganizations:update', { id: '0190ffff-0000-7000-8000-000000000001', name: 'Y' }),
      { code: 'NOT_FOUND' },
    );
    const other = await t.call('fundingOrganizations:create', { name: 'Akto', type: 'opco' });
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('fundingOrganizations:update', { id: other.id, name: 'OPCO ATLAS' }),
      { code: 'CONFLICT', field: 'name' },
    );
  });

  it('links a bilan to its funder, refuses deleting it while named, deletes it once free (tombstone)', async () => {
    const o = await t.call('fundingOrganizations:create', OPCO);
    const consultant = await createConsultant(t, 'sophie');
    const b = await t.call('beneficiaries:create', { firstName: 'Paul', lastName: 'Durand', email: 'paul@exemple.fr' });
    const a = await t.call('assessments:create', {
      beneficiaryId: b.id,
      consultantId: consultant.id,
      fundingType: 'opco',
      fundingOrganizationId: o.id,
      fundingOrganization: 'Convention 2026-14',
    });
    expect(a).toMatchObject({ fundingOrganizationId: o.id, fundingOrganization: 'Convention 2026-14' });
    expect((await t.call('fundingOrganizations:list', {})).items[0]).toMatchObject({ id: o.id, assessmentCount: 1 });

    const refused = await expectRejectedWithoutWrites(t, () => t.fail('fundingOrganizations:delete', { id: o.id }), {
      code: 'CONFLICT',
      rule: 'funder_in_use',
    });
    expect(refused.details).toEqual({ assessments: 1, invoices: 0 });

    await t.call('assessments:update', { id: a.id, fundingOrganizationId: null });
    const seq = await lastOutboxSeq(t);
    expect(await t.call('fundingOrganizations:delete', { id: o.id })).toEqual({ ok: true });
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => `${e.table_name}:${e.op}`).sort()).toEqual([
      'activity_logs:insert',
      'funding_organizations:delete',
    ]);
    const row = await t.app.services.ctx.db
      .selectFrom('funding_organizations')
      .select('deleted_at')
      .where('id', '=', o.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).toBe('2026-03-10T09:00:00.000Z');
    expect((await t.call('fundingOrganizations:list', {})).total).toBe(0);
    expect(await t.fail('fundingOrganizations:delete', { id: o.id })).toMatchObject({ code: 'NOT_FOUND' });
    // A deleted funder cannot be named on a bilan any more.
    expect(await t.fail('assessments:update', { id: a.id, fundingOrganizationId: o.id })).toMatchObject({
      code: 'VALIDATION',
      field: 'fundingOrganizationId',
    });
  });

  it('consultants read the list but cannot change it', async () => {
    const o = await t.call('fundingOrganizations:create', OPCO);
    const c = await createConsultant(t, 'sophie');
    await login(t, c.email, c.password);
    expect(await t.call('fundingOrganizations:list', {})).toMatchObject({ total: 1, canManage: false });
    await expectRejectedWithoutWrites(t, () => t.fail('fundingOrganizations:create', { name: 'X', type: 'cpf' }), {
      code: 'FORBIDDEN',
    });
    await expectRejectedWithoutWrites(t, () => t.fail('fundingOrganizations:update', { id: o.id, name: 'Y' }), {
      code: 'FORBIDDEN',
    });
    await expectRejectedWithoutWrites(t, () => t.fail('fundingOrganizations:delete', { id: o.id }), {
      code: 'FORBIDDEN',
    });
  });
});

describe('funding organisations (devices synced through PostgreSQL)', () => {
  const pg = usePgDatabase();
  let w: World;
  const devices: Device[] = [];

  beforeAll(async () => {
    w = await seedWorld(pg.pool);
  });
  afterAll(async () => {
    for (const d of devices) await d.dispose();
  });

  async function device(userId: string, name: string): Promise<Device> {
    const d = await createDevice(pg.pool, userId, name);
    devices.push(d);
    await d.engine.initialSync();
    return d;
  }

  function serviceOn(d: Device): FundingOrganizationService {
    return new FundingOrganizationService(
      createServiceContext({
        db: d.local.db,
        clock: () => new Date(),
        newId: sequentialIds(Math.floor(Math.random() * 0xffff)),
        logger: silentLogger,
      }),
    );
  }

  const user = (id: string, role: 'admin' | 'consultant'): SessionUser => ({
    id,
    email: `${role}@jalon.test`,
    firstName: role,
    lastName: 'Test',
    userType: role,
    roles: [role],
    permissions: permissionsOfRoles([role]),
  });

  it('an administrator’s changes reach the server and a consultant’s device', async () => {
    const adminDevice = await device(w.admin, 'admin');
    const consultantDevice = await device(w.consultantA, 'consultant');
    const admin = user(w.admin, 'admin');
    const consultant = user(w.consultantA, 'consultant');

    const created = await serviceOn(adminDevice).create(admin, {
      name: 'OPCO EP',
      type: 'opco',
      siret: '85129663200024',
    });
    expect(await adminDevice.engine.syncNow()).toMatchObject({ rejected: 0, conflicts: 0 });
    expect(outbox(adminDevice)).toEqual([]);
    const server = await pg.pool.query<{ name: string; siret: string }>(
      'SELECT name, siret FROM funding_organizations WHERE id = $1 AND deleted_at IS NULL',
      [created.id],
    );
    expect(server.rows).toEqual([{ name: 'OPCO EP', siret: '85129663200024' }]);

    await consultantDevice.engine.syncNow();
    const seen = await serviceOn(consultantDevice).list(consultant, { limit: 50 });
    expect(seen).toMatchObject({ total: 1, canManage: false, items: [{ id: created.id, name: 'OPCO EP' }] });
    await expect(serviceOn(consultantDevice).delete(consultant, created.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    await serviceOn(adminDevice).update(admin, { id: created.id, contactName: 'Mme Martin' });
    await adminDevice.engine.syncNow();
    await consultantDevice.engine.syncNow();
    expect((await serviceOn(consultantDevice).list(consultant, { limit: 50 })).items[0]?.contactName).toBe(
      'Mme Martin',
    );

    await serviceOn(adminDevice).delete(admin, created.id);
    expect(await adminDevice.engine.syncNow()).toMatchObject({ rejected: 0 });
    const gone = await pg.pool.query('SELECT 1 FROM funding_organizations WHERE id = $1 AND deleted_at IS NULL', [
      created.id,
    ]);
    expect(gone.rowCount).toBe(0);
    await consultantDevice.engine.syncNow();
    expect((await serviceOn(consultantDevice).list(consultant, { limit: 50 })).total).toBe(0);
  });
});
