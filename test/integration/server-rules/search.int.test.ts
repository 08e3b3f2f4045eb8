/**
 * Full-text prefix search (migrations/pg/0003-domain-rules.ts §8; src/main/server-db/search.server-db.ts):
 * results, and plans that use the GIN indexes (sequential scans disabled to make the choice visible).
 */
import { sql, type RawBuilder } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assessmentNotesSearchSql,
  searchAssessmentNotes,
  searchUserProfiles,
  searchUsers,
  userProfilesSearchSql,
  usersSearchSql,
} from '../../../src/main/server-db/search.server-db.js';
import { usePgDatabase } from '../../support/pg.js';
import { createAssessment, createPeople, createUser, nextId, type People } from './server-rules.fixtures.js';

const pg = usePgDatabase();
let people: People;
let assessmentId: string;
let dupont: string;
let noteId: string;

beforeAll(async () => {
  people = await createPeople(pg.db);
  dupont = await createUser(pg.db, 'beneficiary', { first: 'Jean', last: 'Dupont', email: 'jean.dupont@exemple.fr' });
  await createUser(pg.db, 'beneficiary', { first: 'Marie', last: 'Durand', email: 'marie.durand@exemple.fr' });
  await createUser(pg.db, 'consultant', { first: 'Élodie', last: 'Lefèvre', email: 'e.lefevre@cabinet.fr' });
  // Enough rows for the planner to have a real choice.
  for (let i = 0; i < 300; i++) {
    await createUser(pg.db, 'beneficiary', { first: `Prénom${i}`, last: `Famille${i}`, email: `u${i}@exemple.fr` });
  }
  assessmentId = await createAssessment(pg.db, people);
  noteId = nextId();
  await pg.db
    .insertInto('assessment_notes')
    .values([
      {
        id: noteId,
        assessment_id: assessmentId,
        author_id: people.consultantId,
        content: 'Le bénéficiaire souhaite se reconvertir dans le développement web après dix ans en comptabilité.',
      },
      {
        id: nextId(),
        assessment_id: assessmentId,
        author_id: people.consultantId,
        content: 'Entretien sur les valeurs professionnelles et les intérêts.',
      },
    ])
    .execute();
  await pg.db
    .insertInto('user_profiles')
    .values({
      id: nextId(),
      user_id: dupont,
      profile_type: 'beneficiary',
      company: 'Boulangerie Martin',
      job_title: 'Comptable',
      city: 'Lyon',
    })
    .execute();
  await sql`ANALYZE users, assessment_notes, user_profiles`.execute(pg.db);
});

async function plan(query: RawBuilder<unknown>): Promise<string> {
  return pg.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe('full-text search', () => {
  it('users by prefix of first name, last name or e-mail', async () => {
    expect((await searchUsers(pg.db, 'dup')).map((u) => u.id)).toEqual([dupont]);
    expect((await searchUsers(pg.db, 'Jean DUP')).map((u) => u.id)).toEqual([dupont]);
    expect((await searchUsers(pg.db, 'jean.dupont@exemple.fr')).map((u) => u.id)).toEqual([dupont]);
    expect((await searchUsers(pg.db, 'élo')).map((u) => u.last_name)).toEqual(['Lefèvre']);
    expect((await searchUsers(pg.db, 'Famille12')).map((u) => u.last_name).sort()).toEqual(
      [
        'Famille12',
        'Famille120',
        'Famille121',
        'Famille122',
        'Famille123',
        'Famille124',
        'Famille125',
        'Famille126',
        'Famille127',
        'Famille128',
        'Famille129',
      ].sort(),
    );
    expect(await searchUsers(pg.db, '   ')).toEqual([]);
    // Quotes and tsquery operators in the input are plain text.
    expect(await searchUsers(pg.db, "d'u & | ! :*")).toEqual([]);
  });

  it('notes in French, with stemming and prefixes', async () => {
    expect((await searchAssessmentNotes(pg.db, 'développement')).map((n) => n.id)).toEqual([noteId]);
    expect((await searchAssessmentNotes(pg.db, 'reconvertir comptab')).map((n) => n.id)).toEqual([noteId]);
    expect((await searchAssessmentNotes(pg.db, 'valeur', { assessmentId })).length).toBe(1);
    expect(await searchAssessmentNotes(pg.db, 'boulangerie')).toEqual([]);
  });

  it('profiles by company, job title or city', async () => {
    expect((await searchUserProfiles(pg.db, 'lyo')).map((p) => p.user_id)).toEqual([dupont]);
    expect((await searchUserProfiles(pg.db, 'boulangerie compta')).map((p) => p.city)).toEqual(['Lyon']);
  });

  it('EXPLAIN shows the GIN indexes', async () => {
    expect(await plan(usersSearchSql('dup'))).toContain('users_fts_idx');
    expect(await plan(assessmentNotesSearchSql('développement'))).toContain('assessment_notes_fts_idx');
    expect(await plan(userProfilesSearchSql('lyon'))).toContain('user_profiles_fts_idx');
  });

  it('the indexes are GIN on immutable expressions', async () => {
    const { rows } = await sql<{ name: string; method: string }>`
      SELECT c.relname AS name, am.amname AS method FROM pg_class c JOIN pg_am am ON am.oid = c.relam
      WHERE c.relname IN ('users_fts_idx', 'assessment_notes_fts_idx', 'user_profiles_fts_idx') ORDER BY 1`.execute(
      pg.db,
    );
    expect(rows).toEqual([
      { name: 'assessment_notes_fts_idx', method: 'gin' },
      { name: 'user_profiles_fts_idx', method: 'gin' },
      { name: 'users_fts_idx', method: 'gin' },
    ]);
  });
});
