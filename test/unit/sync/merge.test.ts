/**
 * The field-level merge rules of src/main/sync/merge.ts (pure: no database).
 * Collisions on UNIQUE constraints other than the primary key are found by PostgreSQL and tested in
 * test/integration/sync/push.int.test.ts; their classification is tested at the end of this file.
 */
import { describe, expect, it } from 'vitest';
import { codecFor } from '../../../src/main/db/schema/row-codec.js';
import { tableDef } from '../../../src/main/db/schema/catalog-index.js';
import { mergeMutation, type Mutation } from '../../../src/main/sync/merge.js';
import { attributeDeferredFailure } from '../../../src/main/sync/server-apply.js';
import { isTransient, rejectionOf } from '../../../src/main/sync/sync-errors.js';

const notes = codecFor(tableDef('assessment_notes')).kinds;
const userRoles = codecFor(tableDef('user_roles')).kinds;
const profiles = codecFor(tableDef('user_profiles')).kinds;
const NOW = () => '2026-02-01T10:00:00.000Z';

const ID = '01900000-0000-7000-8000-000000000001';
const serverNote = {
  id: ID,
  assessment_id: '01900000-0000-7000-8000-0000000000aa',
  author_id: '01900000-0000-7000-8000-0000000000bb',
  content: 'server text',
  is_private: 1,
  created_at: '2026-01-01T08:00:00.000Z',
  updated_at: '2026-01-02T08:00:00.000Z',
  deleted_at: null,
  _version: 12,
};

function update(before: Record<string, unknown>, after: Record<string, unknown>): Mutation {
  return { mutationId: 'm1', table: 'assessment_notes', rowId: ID, op: 'update', before, after, createdAt: NOW() };
}

describe('merge: updates', () => {
  it('applies a field nobody else changed (server = before)', () => {
    const d = mergeMutation(update({ content: 'server text' }, { content: 'mine' }), serverNote, notes, NOW);
    expect(d).toEqual({ action: 'update', set: { content: 'mine' }, conflict: null });
  });

  it('same field changed differently on both sides: server value stays, conflict records both', () => {
    const d = mergeMutation(update({ content: 'original' }, { content: 'mine' }), serverNote, notes, NOW);
    expect(d).toEqual({
      action: 'none',
      touch: true,
      conflict: {
        kind: 'field',
        fields: ['content'],
        serverValues: { content: 'server text' },
        clientBefore: { content: 'original' },
        clientAfter: { content: 'mine' },
      },
    });
  });

  it('same field changed to the same value on both sides: nothing to do, no conflict', () => {
    const d = mergeMutation(update({ content: 'original' }, { content: 'server text' }), serverNote, notes, NOW);
    expect(d).toEqual({ action: 'none', conflict: null, touch: true });
  });

  it('different fields changed on each side: both changes survive (only the client field is written)', () => {
    // The server changed content (before says 'original'), the client changed is_private only.
    const d = mergeMutation(
      update({ is_private: 1 }, { is_private: 0 }),
      { ...serverNote, content: 'other' },
      notes,
      NOW,
    );
    expect(d).toEqual({ action: 'update', set: { is_private: 0 }, conflict: null });
  });

  it('mixed: one field applies, one conflicts, in one decision', () => {
    const d = mergeMutation(
      update({ content: 'original', is_private: 1 }, { content: 'mine', is_private: 0 }),
      serverNote,
      notes,
      NOW,
    );
    expect(d.action).toBe('update');
    if (d.action !== 'update') return;
    expect(d.set).toEqual({ is_private: 0 });
    expect(d.conflict?.fields).toEqual(['content']);
  });

  it('never merges updated_at, _version or deleted_at as fields', () => {
    const d = mergeMutation(
      update({ updated_at: '2020-01-01T00:00:00.000Z' }, { updated_at: '2030-01-01T00:00:00.000Z' }),
      serverNote,
      notes,
      NOW,
    );
    expect(d).toEqual({ action: 'none', conflict: null, touch: true });
    expect(mergeMutation(update({}, { _version: 1 }), serverNote, notes, NOW).action).toBe('none');
  });

  it('compares values semantically (JSON key order, timestamp spelling, booleans)', () => {
    const server = {
      id: ID,
      user_id: ID,
      profile_type: 'consultant',
      notification_preferences: '{"a":1,"b":[1,2]}',
      deleted_at: null,
    };
    const d = mergeMutation(
      {
        mutationId: 'm',
        table: 'user_profiles',
        rowId: ID,
        op: 'update',
        before: { notification_preferences: '{"b": [1, 2], "a": 1}' },
        after: { notification_preferences: '{"a":2}' },
        createdAt: NOW(),
      },
      server,
      profiles,
      NOW,
    );
    expect(d).toEqual({ action: 'update', set: { notification_preferences: '{"a":2}' }, conflict: null });
    const ts = mergeMutation(
      update({ created_at: '2026-01-01T08:00:00Z' }, { created_at: '2026-01-01T09:00:00.000Z' }),
      serverNote,
      notes,
      NOW,
    );
    expect(ts).toEqual({ action: 'update', set: { created_at: '2026-01-01T09:00:00.000Z' }, conflict: null });
  });

  it('rejects an update of a row the server does not have (or this user cannot see)', () => {
    const d = mergeMutation(update({ content: 'a' }, { content: 'b' }), null, notes, NOW);
    expect(d).toMatchObject({ action: 'reject', reason: { code: 'row_not_found' } });
  });

  it('rejects columns outside the cache schema (server-only secrets, unknown columns)', () => {
    const d = mergeMutation(
      {
        mutationId: 'm',
        table: 'users',
        rowId: ID,
        op: 'update',
        before: {},
        after: { password_hash: 'x' },
        createdAt: NOW(),
      },
      { id: ID, deleted_at: null },
      codecFor(tableDef('users')).kinds,
      NOW,
    );
    expect(d).toMatchObject({ action: 'reject', reason: { code: 'invalid_column' } });
  });
});

describe('merge: delete vs edit', () => {
  it('client edit of a row deleted on the server: tombstone stays, the edit is kept in the record', () => {
    const d = mergeMutation(
      update({ content: 'server text' }, { content: 'mine' }),
      { ...serverNote, deleted_at: '2026-01-03T00:00:00.000Z' },
      notes,
      NOW,
    );
    expect(d).toEqual({
      action: 'none',
      touch: true,
      conflict: {
        kind: 'delete_vs_edit',
        fields: ['content'],
        serverValues: { content: 'server text', deleted_at: '2026-01-03T00:00:00.000Z' },
        clientBefore: { content: 'server text' },
        clientAfter: { content: 'mine' },
      },
    });
  });

  it('client delete of a row edited on the server: the delete wins, the server edit is kept in the record', () => {
    const d = mergeMutation(
      {
        mutationId: 'm',
        table: 'assessment_notes',
        rowId: ID,
        op: 'delete',
        before: { ...serverNote, content: 'original' },
        after: { deleted_at: '2026-02-01T09:00:00.000Z', updated_at: '2026-02-01T09:00:00.000Z' },
        createdAt: NOW(),
      },
      serverNote,
      notes,
      NOW,
    );
    expect(d).toEqual({
      action: 'delete',
      deletedAt: '2026-02-01T09:00:00.000Z',
      conflict: {
        kind: 'delete_vs_edit',
        fields: ['content'],
        serverValues: { content: 'server text' },
        clientBefore: { content: 'original' },
        clientAfter: { deleted_at: '2026-02-01T09:00:00.000Z' },
      },
    });
  });

  it('delete of an unchanged row: plain delete; delete of a tombstone: nothing', () => {
    const del: Mutation = {
      mutationId: 'm',
      table: 'assessment_notes',
      rowId: ID,
      op: 'delete',
      before: serverNote,
      after: { deleted_at: '2026-02-01T09:00:00.000Z' },
      createdAt: NOW(),
    };
    expect(mergeMutation(del, serverNote, notes, NOW)).toEqual({
      action: 'delete',
      deletedAt: '2026-02-01T09:00:00.000Z',
      conflict: null,
    });
    expect(mergeMutation(del, { ...serverNote, deleted_at: '2026-01-05T00:00:00.000Z' }, notes, NOW)).toEqual({
      action: 'none',
      conflict: null,
      touch: true,
    });
  });
});

describe('merge: restoring a tombstone (LocalWriter.restore)', () => {
  const deleted = { ...serverNote, deleted_at: '2026-01-03T00:00:00.000Z' };
  const restore = (extra: Record<string, unknown> = {}, extraBefore: Record<string, unknown> = {}): Mutation =>
    update(
      { deleted_at: '2026-01-03T00:00:00.000Z', ...extraBefore },
      { deleted_at: null, updated_at: '2026-02-01T09:00:00.000Z', ...extra },
    );

  it('brings the row back (an explicit decision, like a delete)', () => {
    expect(mergeMutation(restore(), deleted, notes, NOW)).toEqual({
      action: 'update',
      set: { deleted_at: null },
      conflict: null,
    });
  });

  it('with other edits: the row comes back and the edits merge by the usual rules', () => {
    const d = mergeMutation(
      restore({ content: 'mine', is_private: 0 }, { content: 'original', is_private: 1 }),
      deleted,
      notes,
      NOW,
    );
    expect(d).toEqual({
      action: 'update',
      set: { deleted_at: null, is_private: 0 },
      conflict: {
        kind: 'field',
        fields: ['content'],
        serverValues: { content: 'server text' },
        clientBefore: { content: 'original' },
        clientAfter: { content: 'mine' },
      },
    });
  });

  it('a row already alive (restored elsewhere): nothing to write', () => {
    expect(mergeMutation(restore(), serverNote, notes, NOW)).toEqual({ action: 'none', conflict: null, touch: true });
  });

  it('a composite-key row (a role granted again)', () => {
    const key = { user_id: ID, role_id: '01900000-0000-7000-8000-0000000000cc' };
    const m: Mutation = {
      mutationId: 'm',
      table: 'user_roles',
      rowId: JSON.stringify([key.user_id, key.role_id]),
      op: 'update',
      before: { deleted_at: '2026-01-03T00:00:00.000Z' },
      after: { deleted_at: null },
      createdAt: NOW(),
    };
    const server = {
      ...key,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-03T00:00:00.000Z',
      deleted_at: '2026-01-03T00:00:00.000Z',
    };
    expect(mergeMutation(m, server, userRoles, NOW)).toMatchObject({ action: 'update', set: { deleted_at: null } });
  });
});

describe('merge: inserts', () => {
  const A = '01900000-0000-7000-8000-00000000000a';
  const R = '01900000-0000-7000-8000-00000000000b';
  const insert = (after: Record<string, unknown>): Mutation => ({
    mutationId: 'm',
    table: 'user_roles',
    rowId: JSON.stringify([A, R]),
    op: 'insert',
    before: null,
    after,
    createdAt: NOW(),
  });
  const row = {
    user_id: A,
    role_id: R,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };

  it('inserts a new row', () => {
    expect(mergeMutation(insert(row), null, userRoles, NOW)).toEqual({ action: 'insert', values: row });
  });

  it('same primary key created on two devices with the same values: nothing to do', () => {
    const d = mergeMutation(
      insert({ ...row, created_at: '2026-01-09T00:00:00.000Z' }),
      { ...row, deleted_at: null },
      userRoles,
      NOW,
    );
    expect(d).toEqual({ action: 'none', conflict: null, touch: true });
  });

  it('same primary key with different values: the server row stays, a "unique" conflict records the client row', () => {
    const note = { ...serverNote, content: 'mine' };
    const d = mergeMutation(
      {
        mutationId: 'm',
        table: 'assessment_notes',
        rowId: ID,
        op: 'insert',
        before: null,
        after: note,
        createdAt: NOW(),
      },
      serverNote,
      notes,
      NOW,
    );
    expect(d).toMatchObject({
      action: 'none',
      touch: true,
      conflict: {
        kind: 'unique',
        fields: ['content'],
        serverValues: { content: 'server text' },
        clientAfter: { content: 'mine' },
      },
    });
  });

  it('insert over a tombstone: the tombstone stays, the client row is kept in a delete_vs_edit record', () => {
    const d = mergeMutation(insert(row), { ...row, deleted_at: '2026-01-05T00:00:00.000Z' }, userRoles, NOW);
    expect(d).toMatchObject({ action: 'none', touch: true, conflict: { kind: 'delete_vs_edit' } });
  });
});

describe('server errors: rejection or retry', () => {
  it('a UNIQUE collision (two devices create the same e-mail) is a rejection naming the constraint', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: '23505',
      constraint: 'users_email_key',
      detail: 'Key (email)=(a@b.fr) already exists.',
    });
    expect(rejectionOf(err)).toEqual({
      code: '23505',
      constraint: 'users_email_key',
      message: err.message,
      detail: 'Key (email)=(a@b.fr) already exists.',
    });
    expect(isTransient(err)).toBe(false);
  });

  it('check violations, domain triggers and RLS refusals are rejections', () => {
    for (const code of ['23514', '23503', 'P0001', '42501', '22001']) {
      expect(rejectionOf(Object.assign(new Error('x'), { code }))).not.toBeNull();
    }
  });

  it('network failures, restarts, deadlocks and serialization failures are transient', () => {
    for (const code of ['40001', '40P01', '57P01', '08006', '53300']) {
      const err = Object.assign(new Error('x'), { code });
      expect(isTransient(err)).toBe(true);
      expect(rejectionOf(err)).toBeNull();
    }
    expect(isTransient(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
  });
});

describe('commit-time rule violations are attributed to their mutation', () => {
  const m = (table: string, rowId: string): Mutation => ({
    mutationId: `m-${rowId}`,
    table,
    rowId,
    op: 'update',
    before: {},
    after: {},
    createdAt: NOW(),
  });
  const A = '01900000-0000-7000-8000-00000000000a';
  const B = '01900000-0000-7000-8000-00000000000b';
  const batch = [m('assessments', A), m('assessment_notes', B), m('assessments', B), m('assessment_notes', A)];

  it('picks the mutation of the error’s table whose row id the error names', () => {
    const error = { table: 'assessments', detail: JSON.stringify({ assessment_id: A, from: 'preliminary' }) };
    expect(attributeDeferredFailure(batch, error, new Map())).toBe(0);
  });

  it('falls back to the last mutation of that table, then to any mutation the error names', () => {
    expect(attributeDeferredFailure(batch, { table: 'assessments', message: 'no id here' }, new Map())).toBe(2);
    expect(attributeDeferredFailure(batch, { table: 'invoices', message: `row ${B}` }, new Map())).toBe(2);
  });

  it('skips mutations already rejected, and gives up when nothing matches', () => {
    const rejected = new Map([[0, { code: 'x', message: 'x' }]]);
    expect(attributeDeferredFailure(batch, { table: 'assessments', detail: A }, rejected)).toBe(2);
    expect(attributeDeferredFailure(batch, { table: 'applied_mutations', message: 'unrelated' }, new Map())).toBeNull();
  });
});
