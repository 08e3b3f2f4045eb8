/**
 * Full-text prefix search on the server, served by the GIN indexes of migrations/pg/0003-domain-rules.ts.
 * The tsvector expressions below must stay identical to the indexed ones, or PostgreSQL cannot use
 * the index (test/integration/server-rules/search.int.test.ts checks the plans).
 *
 * The typed text is split into lexemes by the same text-search configuration as the index, and each
 * lexeme becomes a prefix term ("dup" finds "Dupont"); all terms must match. No trigram extension.
 */
import { sql, type RawBuilder, type Kysely } from 'kysely';
import type { ServerDB } from '../db/types.js';

/** tsquery with every lexeme of `text` (parsed with `config`) as a prefix term, AND-ed; NULL if none. */
function prefixQuery(config: 'simple' | 'french', text: string): RawBuilder<unknown> {
  // Inside a quoted tsquery lexeme, quotes and backslashes are doubled.
  return sql`(SELECT string_agg(
      chr(39) || replace(replace(t.lexeme, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || chr(39) || ':*',
      ' & ')
    FROM unnest(to_tsvector(${sql.lit(config)}::regconfig, ${text}::text)) AS t)::tsquery`;
}

export interface UserSearchRow {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly user_type: string;
}

export function usersSearchSql(text: string, limit = 20): RawBuilder<UserSearchRow> {
  return sql<UserSearchRow>`
    SELECT u.id, u.first_name, u.last_name, u.email, u.user_type
    FROM users u
    WHERE to_tsvector('simple', coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '') || ' ' || u.email)
          @@ ${prefixQuery('simple', text)}
      AND u.deleted_at IS NULL
    ORDER BY u.last_name, u.first_name, u.id
    LIMIT ${limit}`;
}

export interface NoteSearchRow {
  readonly id: string;
  readonly assessment_id: string;
  readonly author_id: string;
  readonly rank: number;
}

export function assessmentNotesSearchSql(
  text: string,
  options: { readonly assessmentId?: string; readonly limit?: number } = {},
): RawBuilder<NoteSearchRow> {
  const query = prefixQuery('french', text);
  return sql<NoteSearchRow>`
    SELECT n.id, n.assessment_id, n.author_id, ts_rank(to_tsvector('french', n.content), ${query})::float8 AS rank
    FROM assessment_notes n
    WHERE to_tsvector('french', n.content) @@ ${query}
      AND n.deleted_at IS NULL
      ${options.assessmentId === undefined ? sql`` : sql`AND n.assessment_id = ${options.assessmentId}::uuid`}
    ORDER BY rank DESC, n.id
    LIMIT ${options.limit ?? 20}`;
}

export interface ProfileSearchRow {
  readonly id: string;
  readonly user_id: string;
  readonly company: string | null;
  readonly job_title: string | null;
  readonly city: string | null;
}

export function userProfilesSearchSql(text: string, limit = 20): RawBuilder<ProfileSearchRow> {
  return sql<ProfileSearchRow>`
    SELECT p.id, p.user_id, p.company, p.job_title, p.city
    FROM user_profiles p
    WHERE to_tsvector('simple', coalesce(p.company, '') || ' ' || coalesce(p.job_title, '') || ' ' || coalesce(p.city, ''))
          @@ ${prefixQuery('simple', text)}
      AND p.deleted_at IS NULL
    ORDER BY p.company, p.id
    LIMIT ${limit}`;
}

/** Users whose first name, last name or e-mail start with every word typed. Server-side (online) search. */
export async function searchUsers(db: Kysely<ServerDB>, text: string, limit = 20): Promise<UserSearchRow[]> {
  if (text.trim() === '') return [];
  return (await usersSearchSql(text, limit).execute(db)).rows;
}

/** Notes containing words starting with every word typed (French stemming), best match first. */
export async function searchAssessmentNotes(
  db: Kysely<ServerDB>,
  text: string,
  options: { readonly assessmentId?: string; readonly limit?: number } = {},
): Promise<NoteSearchRow[]> {
  if (text.trim() === '') return [];
  return (await assessmentNotesSearchSql(text, options).execute(db)).rows;
}

/** Profiles by company, job title or city. */
export async function searchUserProfiles(db: Kysely<ServerDB>, text: string, limit = 20): Promise<ProfileSearchRow[]> {
  if (text.trim() === '') return [];
  return (await userProfilesSearchSql(text, limit).execute(db)).rows;
}
