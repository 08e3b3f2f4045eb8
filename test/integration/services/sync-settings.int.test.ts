import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createMemorySecretStore } from '../../../src/main/services/secret-store.js';
import { SERVER_PASSWORD_SECRET } from '../../../src/main/services/settings.service.js';
import type { PushEvent } from '../../../src/shared/api/contract.js';
import {
  ADMIN_PASSWORD,
  createConsultant,
  createTestApp,
  lastOutboxSeq,
  login,
  outboxSince,
  setupAdmin,
  type TestApp,
} from './service-fixtures.js';

let t: TestApp;
const secrets = createMemorySecretStore();
beforeEach(async () => {
  t = await createTestApp({ secretStore: secrets });
  await setupAdmin(t);
});
afterEach(async () => {
  await t.dispose();
});

describe('sync in local mode', () => {
  it('reports the outbox as pending and pushes data:changed and sync:status after writes', async () => {
    const events: [PushEvent, unknown][] = [];
    const off = t.app.onEvent((e, p) => events.push([e, p]));
    const s1 = await t.call('sync:status', {});
    const outbox = await t.app.services.ctx.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(s1).toMatchObject({
      mode: 'local',
      online: false,
      syncing: false,
      pending: Number(outbox?.n),
      rejected: 0,
      conflicts: 0,
      progress: null,
    });
    await t.call('beneficiaries:create', { firstName: 'A', lastName: 'B', email: 'ab@exemple.fr' });
    await t.app.close(); // waits for the status refresh
    off();
    expect(events[0]).toEqual(['data:changed', { tables: ['activity_logs', 'user_profiles', 'user_roles', 'users'] }]);
    expect(events[1]).toMatchObject(['sync:status', { pending: s1.pending + 4 }]);
    expect(await t.raw('sync:now', {})).toBeDefined();
  });

  it('retries or discards rejected changes; discard reverts the row through the writer', async () => {
    const b = await t.call('beneficiaries:create', {
      firstName: 'Jean',
      lastName: 'Valjean',
      email: 'jean@exemple.fr',
    });
    const seq = await lastOutboxSeq(t);
    await t.call('beneficiaries:update', { id: b.id, lastName: 'Madeleine' });
    const [entry] = await outboxSince(t, seq);
    const db = t.app.services.ctx.db;
    const reject = async (mutation: string) =>
      db
        .updateTable('outbox')
        .set({ state: 'rejected', rejected_reason: 'users_email_key' })
        .where('mutation_id', '=', mutation)
        .execute();
    const mutationId = (
      await db.selectFrom('outbox').select('mutation_id').where('seq', '=', entry!.seq).executeTakeFirstOrThrow()
    ).mutation_id;
    await reject(mutationId);

    expect(await t.call('sync:status', {})).toMatchObject({ rejected: 1 });
    const rejected = await t.call('sync:rejected', {});
    expect(rejected).toMatchObject([
      { mutationId, tableName: 'users', rowId: b.id, op: 'update', reason: 'users_email_key' },
    ]);
    expect(rejected[0]!.after).toMatchObject({ last_name: 'Madeleine' });

    await t.call('sync:resolveRejected', { mutationId, action: 'retry' });
    expect(await t.call('sync:rejected', {})).toEqual([]);
    await reject(mutationId);
    const before = await lastOutboxSeq(t);
    await t.call('sync:resolveRejected', { mutationId, action: 'discard' });
    expect(await db.selectFrom('outbox').select('seq').where('mutation_id', '=', mutationId).execute()).toEqual([]);
    expect((await t.call('beneficiaries:get', { id: b.id })).lastName).toBe('Valjean');
    const revert = await outboxSince(t, before);
    expect(revert.map((e) => [e.table_name, e.op])).toEqual([['users', 'update']]);
    expect(await t.fail('sync:resolveRejected', { mutationId, action: 'retry' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('discarding a rejected insert tombstones the row', async () => {
    const b = await t.call('beneficiaries:create', {
      firstName: 'Cosette',
      lastName: 'Fauchelevent',
      email: 'cosette@exemple.fr',
    });
    const db = t.app.services.ctx.db;
    const ins = await db
      .selectFrom('outbox')
      .select('mutation_id')
      .where('table_name', '=', 'users')
      .where('row_id', '=', b.id)
      .where('op', '=', 'insert')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('outbox')
      .set({ state: 'rejected', rejected_reason: 'duplicate' })
      .where('mutation_id', '=', ins.mutation_id)
      .execute();
    await t.call('sync:resolveRejected', { mutationId: ins.mutation_id, action: 'discard' });
    expect(await t.fail('beneficiaries:get', { id: b.id })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves a conflict with the client values through the writer (the resolution syncs)', async () => {
    const b = await t.call('beneficiaries:create', {
      firstName: 'Marius',
      lastName: 'Pontmercy',
      email: 'marius@exemple.fr',
    });
    const db = t.app.services.ctx.db;
    const conflictId = '0190dddd-0000-7000-8000-000000000001';
    await db
      .insertInto('sync_conflicts')
      .values({
        id: conflictId,
        table_name: 'users',
        row_id: b.id,
        mutation_id: '0190dddd-0000-7000-8000-000000000002',
        author_id: null,
        device_id: 'device-1',
        kind: 'field',
        fields: JSON.stringify(['last_name', 'phone']),
        server_values: JSON.stringify({ last_name: 'Pontmercy', phone: null }),
        client_before: JSON.stringify({ last_name: 'Pontmercy', phone: null }),
        client_after: JSON.stringify({ last_name: 'Pontmercy-Gillenormand', phone: '0600000000' }),
        resolution: 'pending',
        resolved_by: null,
        resolved_at: null,
        created_at: '2026-03-10T08:00:00.000Z',
        updated_at: '2026-03-10T08:00:00.000Z',
        deleted_at: null,
        _version: null,
      })
      .execute();
    expect(await t.call('sync:status', {})).toMatchObject({ conflicts: 1 });
    const [c] = await t.call('sync:conflicts', {});
    expect(c).toMatchObject({ id: conflictId, fields: ['last_name', 'phone'], resolution: 'pending' });

    expect(
      await t.fail('sync:resolveConflict', { id: conflictId, choice: 'merged', values: { email: 'x' } }),
    ).toMatchObject({
      code: 'VALIDATION',
      field: 'values.email',
    });
    const seq = await lastOutboxSeq(t);
    const resolved = await t.call('sync:resolveConflict', {
      id: conflictId,
      choice: 'merged',
      values: { last_name: 'Pontmercy-Gillenormand' },
    });
    expect(resolved.resolution).toBe('merged');
    expect((await t.call('beneficiaries:get', { id: b.id })).lastName).toBe('Pontmercy-Gillenormand');
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => [e.table_name, e.op])).toEqual([['users', 'update']]);
    expect(await t.call('sync:conflicts', {})).toEqual([]);
    expect(await t.call('sync:conflicts', { includeResolved: true })).toHaveLength(1);
    expect(await t.fail('sync:resolveConflict', { id: conflictId, choice: 'kept_server' })).toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('settings', () => {
  it('saves the firm, and the server settings without the password (kept by the SecretStore)', async () => {
    const s = await t.call('settings:saveFirm', {
      name: 'Cabinet Horizon',
      siret: '81234567800025',
      email: 'Contact@Horizon.fr',
    });
    expect(s.firm).toEqual({ name: 'Cabinet Horizon', siret: '81234567800025', email: 'contact@horizon.fr' });
    expect(await t.fail('settings:saveFirm', { name: 'X', siret: '123' })).toMatchObject({
      code: 'VALIDATION',
      field: 'siret',
    });

    // The connection is tested before anything is saved.
    expect(
      await t.fail('settings:saveServer', {
        host: 'db.cabinet.invalid',
        database: 'jalon',
        user: 'jalon_app',
        password: 'Secret-Pass-1',
      }),
    ).toMatchObject({ code: 'OFFLINE', rule: 'server_test_failed' });
    expect((await t.call('settings:get', {})).mode).toBe('local');
    expect(await secrets.get(SERVER_PASSWORD_SECRET)).toBeNull();
  });

  it('switching to connected mode signs out; a local administrator may switch back while signed out', async () => {
    const probed: string[] = [];
    const ta = await createTestApp({
      secretStore: createMemorySecretStore(),
      serverProbe: (input) => {
        probed.push(input.host);
        return Promise.resolve({ ok: true, serverVersion: '17.0', error: null });
      },
    });
    try {
      await setupAdmin(ta);
      await ta.call('settings:saveFirm', { name: 'Cabinet Horizon' });
      const saved = await ta.call('settings:saveServer', {
        host: 'db.cabinet.fr',
        database: 'jalon',
        user: 'jalon_app',
        password: 'Secret-Pass-1',
      });
      expect(probed).toEqual(['db.cabinet.fr']);
      expect(saved).toMatchObject({
        mode: 'connected',
        server: { host: 'db.cabinet.fr', port: 5432, database: 'jalon', user: 'jalon_app', ssl: 'require' },
      });
      const stored = await ta.app.services.ctx.db.selectFrom('local_settings').select(['key', 'value']).execute();
      expect(JSON.stringify(stored)).not.toContain('Secret-Pass-1');
      // A new login is required: the next one is checked by the server.
      expect(await ta.call('app:state', {})).toMatchObject({ mode: 'connected', user: null, firstRun: false });
      expect(await ta.fail('settings:useLocalMode', {})).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(
        await ta.fail('settings:useLocalMode', { email: 'admin@cabinet.test', password: 'not-the-password' }),
      ).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'invalid_credentials' });
      const back = await ta.call('settings:useLocalMode', { email: 'admin@cabinet.test', password: ADMIN_PASSWORD });
      expect(back.mode).toBe('local');
      expect(await ta.call('app:state', {})).toMatchObject({
        mode: 'local',
        user: { email: 'admin@cabinet.test' },
        firm: { name: 'Cabinet Horizon' },
      });
    } finally {
      await ta.dispose();
    }
  });

  it('tests a real PostgreSQL server and reports connection errors as text', async () => {
    const url = new URL(inject('pgAdminUrl'));
    const ok = await t.call('settings:testServer', {
      host: url.hostname,
      port: Number(url.port || 5432),
      database: url.pathname.slice(1) || 'postgres',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      ssl: 'disable',
    });
    expect(ok.ok).toBe(true);
    expect(ok.serverVersion).toMatch(/^\d+/);
    const ko = await t.call('settings:testServer', {
      host: '127.0.0.1',
      port: 1,
      database: 'x',
      user: 'x',
      password: 'x',
      ssl: 'disable',
    });
    expect(ko).toMatchObject({ ok: false, serverVersion: null });
    expect(ko.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('only settings.manage may change settings', async () => {
    const c = await createConsultant(t, 'cy');
    await login(t, c.email, c.password);
    expect((await t.call('settings:get', {})).firm?.name).toBe('Cabinet Test');
    expect(await t.fail('settings:saveFirm', { name: 'Pirate' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.fail('settings:testServer', { host: 'x', database: 'x', user: 'x', password: '' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
