/**
 * Audit trail (migrations/pg/0003-domain-rules.ts §3): row triggers on the sensitive tables write
 * activity_logs with the action, the entity and the NAMES of the columns concerned — never a value
 * (note and summary contents, secrets).
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePgDatabase } from '../../support/pg.js';
import {
  asUser,
  createAppointment,
  createAssessment,
  createPeople,
  createUser,
  nextId,
  type People,
} from './server-rules.fixtures.js';

const pg = usePgDatabase();
let people: People;
let actor: string;

const AUDITED = [
  'users',
  'user_roles',
  'role_permissions',
  'assessments',
  'assessment_notes',
  'appointment_summaries',
  'documents',
  'document_shares',
  'document_signatures',
  'invoices',
  'payments',
  'quotes',
];

beforeAll(async () => {
  people = await createPeople(pg.db);
  actor = await createUser(pg.db, 'admin');
});

async function logsFor(entityId: string, entityType?: string) {
  let q = pg.db
    .selectFrom('activity_logs')
    .select(['user_id', 'action', 'entity_type', 'entity_id', 'details'])
    .where('entity_id', '=', entityId);
  if (entityType !== undefined) q = q.where('entity_type', '=', entityType);
  return q.orderBy('_version').execute();
}

describe('audit rows', () => {
  it('every sensitive table carries the audit trigger', async () => {
    const { rows } = await sql<{ table: string }>`
      SELECT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname = 'z_audit' AND NOT t.tgisinternal ORDER BY 1`.execute(pg.db);
    expect(rows.map((r) => r.table).sort()).toEqual([...AUDITED].sort());
  });

  it('note insert / update / soft delete / delete: names of the columns, never the content', async () => {
    const assessmentId = await createAssessment(pg.db, people);
    const noteId = nextId();
    const secret = 'Confidentiel : burn-out et suivi psychologique';
    await asUser(pg.db, actor, (trx) =>
      trx
        .insertInto('assessment_notes')
        .values({ id: noteId, assessment_id: assessmentId, author_id: people.consultantId, content: secret })
        .execute(),
    );
    await asUser(pg.db, actor, (trx) =>
      trx
        .updateTable('assessment_notes')
        .set({ content: `${secret} (mis à jour)` })
        .where('id', '=', noteId)
        .execute(),
    );
    await asUser(pg.db, actor, (trx) =>
      trx
        .updateTable('assessment_notes')
        .set({ deleted_at: '2026-03-01T10:00:00.000Z' })
        .where('id', '=', noteId)
        .execute(),
    );
    await asUser(pg.db, actor, (trx) => trx.deleteFrom('assessment_notes').where('id', '=', noteId).execute());

    const logs = await logsFor(noteId);
    expect(logs.map((l) => [l.action, l.entity_type, l.user_id])).toEqual([
      ['insert', 'assessment_notes', actor],
      ['update', 'assessment_notes', actor],
      ['soft_delete', 'assessment_notes', actor],
      ['delete', 'assessment_notes', actor],
    ]);
    expect(logs[0]?.details).toEqual({
      columns: ['assessment_id', 'author_id', 'content', 'created_at', 'id', 'is_private'],
    });
    expect(logs[1]?.details).toEqual({ columns: ['content'] });
    expect(logs[2]?.details).toEqual({ columns: ['deleted_at'] });
    expect(logs[3]?.details).toEqual({ columns: [] });
    expect(JSON.stringify(logs)).not.toContain('burn-out');
  });

  it('appointment summaries: content never logged', async () => {
    const assessmentId = await createAssessment(pg.db, people);
    const appointmentId = await createAppointment(pg.db, { assessmentId, people, minutes: 60 });
    const summaryId = nextId();
    await pg.db
      .insertInto('appointment_summaries')
      .values({
        id: summaryId,
        appointment_id: appointmentId,
        author_id: people.consultantId,
        content: 'Tensions avec le manager',
      })
      .execute();
    await pg.db.updateTable('appointment_summaries').set({ is_shared: true }).where('id', '=', summaryId).execute();
    const logs = await logsFor(summaryId);
    expect(logs.map((l) => [l.action, l.user_id])).toEqual([
      ['insert', null],
      ['update', null],
    ]);
    expect(logs[1]?.details).toEqual({ columns: ['is_shared'] });
    expect(JSON.stringify(logs)).not.toContain('manager');
  });

  it('secret columns are never named, only flagged', async () => {
    const userId = await createUser(pg.db, 'consultant');
    await asUser(pg.db, actor, (trx) =>
      trx
        .updateTable('users')
        .set({ password_hash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', phone: '0601020304' })
        .where('id', '=', userId)
        .execute(),
    );
    await asUser(pg.db, actor, (trx) =>
      trx.updateTable('users').set({ two_factor_secret: 'JBSWY3DPEHPK3PXP' }).where('id', '=', userId).execute(),
    );
    const logs = await logsFor(userId, 'users');
    expect(logs.map((l) => [l.action, l.details])).toEqual([
      ['insert', expect.objectContaining({ columns: expect.arrayContaining(['email', 'first_name']) as unknown })],
      ['update', { columns: ['phone'], secret_columns_changed: true }],
      ['update', { columns: [], secret_columns_changed: true }],
    ]);
    const text = JSON.stringify(logs);
    for (const forbidden of ['password_hash', 'two_factor_secret', 'argon2', 'JBSWY3DPEHPK3PXP', '0601020304']) {
      expect(text).not.toContain(forbidden);
    }
  });

  it('link tables use the owning id as entity_id and name the other id', async () => {
    const userId = await createUser(pg.db, 'consultant');
    const roleId = nextId();
    const permissionId = nextId();
    await pg.db
      .insertInto('roles')
      .values({ id: roleId, name: `role-${roleId.slice(-4)}` })
      .execute();
    await pg.db
      .insertInto('permissions')
      .values({ id: permissionId, name: `perm-${permissionId.slice(-4)}` })
      .execute();
    await asUser(pg.db, actor, async (trx) => {
      await trx.insertInto('user_roles').values({ user_id: userId, role_id: roleId }).execute();
      await trx.insertInto('role_permissions').values({ role_id: roleId, permission_id: permissionId }).execute();
      await trx.deleteFrom('user_roles').where('user_id', '=', userId).where('role_id', '=', roleId).execute();
    });
    const userRoleLogs = await logsFor(userId, 'user_roles');
    expect(userRoleLogs.map((l) => [l.action, (l.details as { role_id?: string }).role_id])).toEqual([
      ['insert', roleId],
      ['delete', roleId],
    ]);
    const rolePermissionLogs = await logsFor(roleId, 'role_permissions');
    expect(rolePermissionLogs).toEqual([
      expect.objectContaining({
        action: 'insert',
        user_id: actor,
        details: expect.objectContaining({ permission_id: permissionId }) as unknown,
      }),
    ]);
  });

  it('server recomputations (progress, hours) and no-op updates are not logged', async () => {
    const assessmentId = await createAssessment(pg.db, people);
    const before = (await logsFor(assessmentId, 'assessments')).length;
    await createAppointment(pg.db, { assessmentId, people, minutes: 90 });
    await pg.db.updateTable('assessments').set({ notes: null }).where('id', '=', assessmentId).execute();
    const after = await logsFor(assessmentId, 'assessments');
    expect(after).toHaveLength(before);
    const hours = await pg.db
      .selectFrom('assessments')
      .select('completed_hours')
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow();
    expect(hours.completed_hours).toBe('1.50');
    // A real change is.
    await pg.db.updateTable('assessments').set({ funding_type: 'cpf' }).where('id', '=', assessmentId).execute();
    expect((await logsFor(assessmentId, 'assessments')).at(-1)).toEqual(
      expect.objectContaining({ action: 'update', details: { columns: ['funding_type'] } }),
    );
  });

  it('tables outside the list are not audited', async () => {
    const assessmentId = await createAssessment(pg.db, people);
    const appointmentId = await createAppointment(pg.db, { assessmentId, people, minutes: 30 });
    expect(await logsFor(appointmentId)).toEqual([]);
  });
});
