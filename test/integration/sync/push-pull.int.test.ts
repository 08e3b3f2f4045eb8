/**
 * Push and pull end to end: real PostgreSQL (fresh database), real SQLite files, the real transport.
 * Merge outcomes (conflicts, delete vs edit, unique collisions), rejections that are kept and do not
 * block other rows, idempotent delivery, and the pull rules (no outbox entries, pending local
 * changes re-applied on top).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/shared/ids.js';
import type { Mutation } from '../../../src/main/sync/merge.js';
import { applyPushBatch } from '../../../src/main/sync/server-apply.js';
import { usePgDatabase } from '../../support/pg.js';
import {
  createDevice,
  localRows,
  outbox,
  outboxSummary,
  seedWorld,
  serverRows,
  type Device,
  type World,
} from './sync-fixtures.js';

const pg = usePgDatabase();
let w: World;
const devices: Device[] = [];

async function device(userId: string, name: string): Promise<Device> {
  const d = await createDevice(pg.pool, userId, name);
  devices.push(d);
  await d.engine.initialSync();
  return d;
}

beforeAll(async () => {
  w = await seedWorld(pg.pool);
});
afterAll(async () => {
  for (const d of devices) await d.dispose();
});

async function noteContent(id: string): Promise<string> {
  const res = await pg.pool.query<{ content: string }>('SELECT content FROM assessment_notes WHERE id = $1', [id]);
  return res.rows[0]!.content;
}

describe('push and pull', () => {
  it('initial sync brings the scope; a local insert reaches the server once and another device pulls it', async () => {
    const a1 = await device(w.consultantA, 'a1');
    const a2 = await device(w.consultantA, 'a2');
    expect(localRows(a1, 'assessments').map((r) => r.id)).toEqual([w.assessmentA]);
    expect(outbox(a1)).toEqual([]); // pulled rows never create outbox entries

    const id = uuidv7();
    await a1.writer.transaction((tx) =>
      tx.insert('assessment_notes', {
        id,
        assessment_id: w.assessmentA,
        author_id: w.consultantA,
        content: 'offline note',
      }),
    );
    expect(outboxSummary(a1)).toEqual([{ table: 'assessment_notes', op: 'insert', state: 'pending' }]);
    const report = await a1.engine.syncNow();
    expect(report).toMatchObject({ pushed: 1, applied: 1, rejected: 0, conflicts: 0 });
    expect(outbox(a1)).toEqual([]);
    expect(await noteContent(id)).toBe('offline note');

    await a2.engine.syncNow();
    expect(localRows(a2, 'assessment_notes')).toEqual(await serverRows(pg.pool, w.consultantA, 'assessment_notes'));
    expect(localRows(a1, 'assessment_notes')).toEqual(localRows(a2, 'assessment_notes'));
  });

  it('same field edited on two devices: the server value stays, a conflict record reaches the author', async () => {
    const a1 = await device(w.consultantA, 'a1');
    const a2 = await device(w.consultantA, 'a2');
    await a1.writer.transaction((tx) => tx.update('assessment_notes', w.noteA, { content: 'version A1' }));
    await a2.writer.transaction((tx) => tx.update('assessment_notes', w.noteA, { content: 'version A2' }));
    await a1.engine.syncNow();
    const r2 = await a2.engine.syncNow();
    expect(r2).toMatchObject({ conflicts: 1, rejected: 0 });
    expect(await noteContent(w.noteA)).toBe('version A1');
    // a2 converged on the server's value and holds the conflict record with both values.
    expect(localRows(a2, 'assessment_notes').find((r) => r.id === w.noteA)?.content).toBe('version A1');
    const conflicts = a2.local.sqlite.prepare('SELECT * FROM sync_conflicts WHERE row_id = ?').all(w.noteA) as Record<
      string,
      string
    >[];
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'field', table_name: 'assessment_notes', author_id: w.consultantA });
    expect(JSON.parse(conflicts[0]!.server_values!)).toEqual({ content: 'version A1' });
    expect(JSON.parse(conflicts[0]!.client_after!)).toEqual({ content: 'version A2' });
    expect(a2.engine.status.conflictsCount).toBe(1);
    // The other consultant never receives it.
    expect(await serverRows(pg.pool, w.consultantB, 'sync_conflicts')).toEqual([]);
    await a1.engine.syncNow();
    expect(localRows(a1, 'assessment_notes')).toEqual(localRows(a2, 'assessment_notes'));

    // The author reviews it on a2: the decision reaches the server and the author's other device.
    await a2.engine.resolveConflict(String(conflicts[0]!.id), 'kept_server', w.consultantA);
    expect(a2.engine.status.conflictsCount).toBe(0);
    expect(await a2.engine.syncNow()).toMatchObject({ applied: 1, rejected: 0 });
    const server = await pg.pool.query('SELECT resolution, resolved_by FROM sync_conflicts WHERE id = $1', [
      conflicts[0]!.id,
    ]);
    expect(server.rows[0]).toEqual({ resolution: 'kept_server', resolved_by: w.consultantA });
    await a1.engine.syncNow();
    expect(a1.engine.status.conflictsCount).toBe(0);
    expect(localRows(a1, 'sync_conflicts')).toEqual(localRows(a2, 'sync_conflicts'));
  });

  it('different fields edited on two devices: both changes survive', async () => {
    const a1 = await device(w.consultantA, 'a1');
    const a2 = await device(w.consultantA, 'a2');
    await a1.writer.transaction((tx) => tx.update('assessment_notes', w.noteA, { content: 'content from a1' }));
    await a2.writer.transaction((tx) => tx.update('assessment_notes', w.noteA, { is_private: 0 }));
    await a1.engine.syncNow();
    expect(await a2.engine.syncNow()).toMatchObject({ conflicts: 0, applied: 1 });
    await a1.engine.syncNow();
    const row = localRows(a1, 'assessment_notes').find((r) => r.id === w.noteA)!;
    expect(row).toMatchObject({ content: 'content from a1', is_private: 0 });
    expect(localRows(a2, 'assessment_notes')).toEqual(localRows(a1, 'assessment_notes'));
  });

  it('delete vs edit: the delete wins, the edit is kept in the conflict record', async () => {
    const a1 = await device(w.consultantA, 'a1');
    const a2 = await device(w.consultantA, 'a2');
    const id = uuidv7();
    await a1.writer.transaction((tx) =>
      tx.insert('assessment_notes', {
        id,
        assessment_id: w.assessmentA,
        author_id: w.consultantA,
        content: 'to delete',
      }),
    );
    await a1.engine.syncNow();
    await a2.engine.syncNow();
    await a1.writer.transaction((tx) => tx.softDelete('assessment_notes', id));
    await a2.writer.transaction((tx) => tx.update('assessment_notes', id, { content: 'edited meanwhile' }));
    await a1.engine.syncNow();
    expect(await a2.engine.syncNow()).toMatchObject({ conflicts: 1 });
    await a1.engine.syncNow();
    const onA2 = localRows(a2, 'assessment_notes').find((r) => r.id === id)!;
    expect(onA2.deleted_at).not.toBeNull();
    expect(localRows(a1, 'assessment_notes')).toEqual(localRows(a2, 'assessment_notes'));
    const c = a2.local.sqlite.prepare('SELECT kind, client_after FROM sync_conflicts WHERE row_id = ?').get(id) as {
      kind: string;
      client_after: string;
    };
    expect(c.kind).toBe('delete_vs_edit');
    expect(JSON.parse(c.client_after)).toEqual({ content: 'edited meanwhile' });
  });

  it('a role removed then granted again: the tombstone comes back on the server and on other devices', async () => {
    const admin1 = await device(w.admin, 'admin1');
    const admin2 = await device(w.admin, 'admin2');
    const manager = (await pg.pool.query<{ id: string }>(`SELECT id FROM roles WHERE name = 'manager'`)).rows[0]!.id;
    const key = { user_id: w.consultantB, role_id: manager };
    const alive = async () =>
      (
        await pg.pool.query<{ deleted: boolean }>(
          'SELECT deleted_at IS NOT NULL AS deleted FROM user_roles WHERE user_id = $1 AND role_id = $2',
          [key.user_id, key.role_id],
        )
      ).rows.map((r) => !r.deleted);
    await admin1.writer.transaction((tx) => tx.insert('user_roles', key));
    await admin1.engine.syncNow();
    await admin1.writer.transaction((tx) => tx.softDelete('user_roles', key));
    await admin1.engine.syncNow();
    expect(await alive()).toEqual([false]);
    await admin2.engine.syncNow();

    await admin1.writer.transaction((tx) => tx.restore('user_roles', key));
    expect(outboxSummary(admin1)).toEqual([{ table: 'user_roles', op: 'update', state: 'pending' }]);
    expect(await admin1.engine.syncNow()).toMatchObject({ applied: 1, conflicts: 0, rejected: 0 });
    expect(await alive()).toEqual([true]);
    await admin2.engine.syncNow();
    const row = (d: Device) =>
      localRows(d, 'user_roles').find((r) => r.user_id === key.user_id && r.role_id === key.role_id);
    expect(row(admin2)?.deleted_at).toBeNull();
    expect(row(admin1)).toEqual(row(admin2));
  });

  it('a UNIQUE collision is rejected with the constraint, kept, blocks only its own row, and can be retried', async () => {
    const a1 = await device(w.consultantA, 'a1');
    const b1 = await device(w.consultantB, 'b1');
    const email = `same-${uuidv7().slice(-6)}@jalon.test`;
    const mine = uuidv7();
    await b1.writer.transaction((tx) =>
      tx.insert('users', { id: uuidv7(), email, first_name: 'B', last_name: 'B', user_type: 'beneficiary' }),
    );
    await b1.engine.syncNow();
    await a1.writer.transaction((tx) =>
      tx.insert('users', { id: mine, email, first_name: 'A', last_name: 'A', user_type: 'beneficiary' }),
    );
    await a1.writer.transaction((tx) => tx.update('users', mine, { phone: '0600000000' }));
    const other = uuidv7();
    await a1.writer.transaction((tx) =>
      tx.insert('assessment_notes', {
        id: other,
        assessment_id: w.assessmentA,
        author_id: w.consultantA,
        content: 'independent',
      }),
    );
    const report = await a1.engine.syncNow();
    expect(report).toMatchObject({ rejected: 1, applied: 1 });
    expect(await noteContent(other)).toBe('independent'); // not blocked by the rejection
    const entries = outbox(a1);
    expect(entries.map((e) => [e.op, e.state])).toEqual([
      ['insert', 'rejected'],
      ['update', 'pending'], // held behind the rejected insert of the same row
    ]);
    expect(JSON.parse(String(entries[0]!.rejected_reason))).toMatchObject({
      code: '23505',
      constraint: 'users_email_key',
    });
    expect(a1.engine.status).toMatchObject({ rejectedCount: 1, pendingCount: 1, blockedCount: 1 });
    // The local row is still there with the user's values (not overwritten, not dropped).
    expect(localRows(a1, 'users').find((r) => r.id === mine)).toMatchObject({ email, phone: '0600000000' });

    // The user fixes the e-mail and retries: insert + queued update go as one new mutation.
    await a1.writer.transaction((tx) => tx.update('users', mine, { email: `fixed-${email}` }));
    await a1.engine.retryRejected(String(entries[0]!.mutation_id));
    expect(await a1.engine.syncNow()).toMatchObject({ applied: 1, rejected: 0 });
    expect(outbox(a1)).toEqual([]);
    const res = await pg.pool.query('SELECT email, phone FROM users WHERE id = $1', [mine]);
    expect(res.rows[0]).toEqual({ email: `fixed-${email}`, phone: '0600000000' });
  });

  it('applies a batch once however often it is delivered (duplicate delivery)', async () => {
    const id = uuidv7();
    const m: Mutation = {
      mutationId: uuidv7(),
      table: 'assessment_notes',
      rowId: id,
      op: 'insert',
      before: null,
      after: { id, assessment_id: w.assessmentA, author_id: w.consultantA, content: 'dup', is_private: 1 },
      createdAt: new Date().toISOString(),
    };
    const session = { userId: w.consultantA, deviceId: 'dup-device' };
    const batch = { deviceId: 'dup-device', mutations: [m] };
    const [first, second, third] = await Promise.all([
      applyPushBatch(pg.pool, session, batch),
      applyPushBatch(pg.pool, session, batch),
      applyPushBatch(pg.pool, session, batch),
    ]);
    const outcomes = [first[0]!, second[0]!, third[0]!];
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(outcomes.filter((o) => o.duplicate)).toHaveLength(2);
    const count = await pg.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM applied_mutations WHERE mutation_id = $1',
      [m.mutationId],
    );
    expect(count.rows[0]!.n).toBe(1);
  });

  it('a pull does not overwrite a row with pending local changes: they are re-applied on top', async () => {
    const a1 = await device(w.consultantA, 'a1');
    const a2 = await device(w.consultantA, 'a2');
    await a2.writer.transaction((tx) => tx.update('assessment_notes', w.noteA, { content: 'server-side edit' }));
    await a2.engine.syncNow();
    const before = localRows(a1, 'assessment_notes').find((r) => r.id === w.noteA)!.is_private;
    const flipped = before === 1 ? 0 : 1;
    await a1.writer.transaction((tx) => tx.update('assessment_notes', w.noteA, { is_private: flipped }));
    // Pull only (no push): the server's content arrives, the local pending is_private stays.
    const { pullChanges } = await import('../../../src/main/sync/pull.js');
    await pullChanges(a1.local, a1.transport);
    const row = localRows(a1, 'assessment_notes').find((r) => r.id === w.noteA)!;
    expect(row).toMatchObject({ content: 'server-side edit', is_private: flipped });
    expect(outboxSummary(a1)).toEqual([{ table: 'assessment_notes', op: 'update', state: 'pending' }]);
    await a1.engine.syncNow();
    await a2.engine.syncNow();
    expect(localRows(a1, 'assessment_notes')).toEqual(localRows(a2, 'assessment_notes'));
  });

  it('a rule checked at COMMIT (deferred trigger) rejects only its own mutation; the rest of the batch applies', async () => {
    const a1 = await device(w.consultantA, 'a1');
    // Interrupting a bilan needs a reason (migrations/pg/0003: checked by a deferred trigger).
    await a1.writer.transaction((tx) => tx.update('assessments', w.assessmentA, { status: 'interrupted' }));
    const note = uuidv7();
    await a1.writer.transaction((tx) =>
      tx.insert('assessment_notes', {
        id: note,
        assessment_id: w.assessmentA,
        author_id: w.consultantA,
        content: 'same batch',
      }),
    );
    const report = await a1.engine.syncNow();
    expect(report).toMatchObject({ rejected: 1, applied: 1 });
    expect(await noteContent(note)).toBe('same batch');
    const [rejected] = outbox(a1);
    expect(rejected).toMatchObject({ table_name: 'assessments', state: 'rejected' });
    expect(JSON.parse(String(rejected!.rejected_reason))).toMatchObject({
      constraint: 'assessments_status_reason_chk',
    });

    // The user gives up the change: the server's row comes back, the outbox is clean.
    await a1.engine.discardRejected(String(rejected!.mutation_id));
    expect(outbox(a1)).toEqual([]);
    expect(localRows(a1, 'assessments').find((r) => r.id === w.assessmentA)).toMatchObject({ status: 'preliminary' });
    expect(a1.engine.status.rejectedCount).toBe(0);
  });

  it('discarding a rejected insert removes the row the server never had', async () => {
    const a1 = await device(w.consultantA, 'a1');
    const taken = (await pg.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [w.beneficiaryB]))
      .rows[0]!.email;
    const id = uuidv7();
    await a1.writer.transaction((tx) =>
      tx.insert('users', { id, email: taken, first_name: 'Dup', last_name: 'Dup', user_type: 'beneficiary' }),
    );
    expect(await a1.engine.syncNow()).toMatchObject({ rejected: 1 });
    await a1.engine.discardRejected(String(outbox(a1)[0]!.mutation_id));
    expect(outbox(a1)).toEqual([]);
    expect(localRows(a1, 'users').some((r) => r.id === id)).toBe(false);
  });

  it('a server row that collides with a local unacknowledged value waits aside, and is stored once the user resolves', async () => {
    const adm1 = await device(w.admin, 'adm1');
    const adm2 = await device(w.admin, 'adm2');
    const email = `collide-${uuidv7().slice(-6)}@jalon.test`;
    const first = uuidv7();
    const second = uuidv7();
    await adm1.writer.transaction((tx) =>
      tx.insert('users', { id: first, email, first_name: 'One', last_name: 'One', user_type: 'beneficiary' }),
    );
    await adm2.writer.transaction((tx) =>
      tx.insert('users', { id: second, email, first_name: 'Two', last_name: 'Two', user_type: 'beneficiary' }),
    );
    await adm1.engine.syncNow();
    // adm2: its insert is rejected; adm1's user cannot sit next to it in the cache (UNIQUE e-mail).
    expect(await adm2.engine.syncNow()).toMatchObject({ rejected: 1 });
    expect(localRows(adm2, 'users').some((r) => r.id === first)).toBe(false);
    expect(adm2.local.sqlite.prepare('SELECT row_id FROM sync_deferred_rows').all()).toEqual([{ row_id: first }]);
    // The pull was not blocked: other changes still arrive.
    const note = uuidv7();
    await adm1.writer.transaction((tx) =>
      tx.insert('assessment_notes', {
        id: note,
        assessment_id: w.assessmentB,
        author_id: w.admin,
        content: 'after the collision',
      }),
    );
    await adm1.engine.syncNow();
    await adm2.engine.syncNow();
    expect(localRows(adm2, 'assessment_notes').some((r) => r.id === note)).toBe(true);
    // The user gives up their duplicate: the waiting row is stored, the device equals the server.
    await adm2.engine.discardRejected(String(outbox(adm2)[0]!.mutation_id));
    expect(adm2.local.sqlite.prepare('SELECT count(*) AS n FROM sync_deferred_rows').get()).toEqual({ n: 0 });
    expect(localRows(adm2, 'users')).toEqual(await serverRows(pg.pool, w.admin, 'users'));
  });
});
