/**
 * Beneficiaries (users with user_type 'beneficiary' + their user_profiles row). Lists and search run
 * on the derived `beneficiary_search_doc` table and its FTS5 index (migrations/sqlite/0003), which
 * keep one compact row per live beneficiary with the sort keys — so a page of 100 out of 100k is an
 * index range scan, and a search is an FTS lookup.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AssessmentStatus } from '../../shared/domain/assessment/status-machine.js';
import type { BeneficiaryDetail, BeneficiaryListItem } from '../../shared/api/beneficiaries.api.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

/**
 * At most this many matching rows, the most selective filter drives the page query (lookups, then a
 * sort of the matches); above, the sort index is scanned and each row checked, stopping at the page end.
 */
const DRIVING_MAX = 2000;

/** The action recorded in activity_logs when a staff member creates a beneficiary (scopes "own" lists). */
export const BENEFICIARY_CREATED_ACTION = 'beneficiary.created';

export type BeneficiarySort = 'lastName' | 'firstName' | 'city' | 'company' | 'updatedAt';

export interface BeneficiaryListQuery {
  readonly query?: string | undefined;
  /** Status of the beneficiary's latest assessment. */
  readonly status?: AssessmentStatus | undefined;
  /** Consultant of the beneficiary's latest assessment. */
  readonly consultantId?: string | undefined;
  /** Restricts to the beneficiaries of this consultant (any of their assessments, or created by them). */
  readonly ownerId?: string | undefined;
  readonly sort: BeneficiarySort;
  readonly dir: 'asc' | 'desc';
  readonly offset: number;
  readonly limit: number;
}

/** Words of a search text (letters and digits), at most 8. */
function searchWords(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

/**
 * Turns free text into an FTS5 query: every word is a prefix term, all words must match.
 * Returns null when the text has no searchable word.
 */
export function toFtsQuery(text: string | undefined): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

const SORT_COLUMNS: Record<BeneficiarySort, readonly string[]> = {
  lastName: ['last_name_key', 'first_name_key', 'user_id'],
  firstName: ['first_name_key', 'last_name_key', 'user_id'],
  city: ['city_key', 'last_name_key', 'user_id'],
  company: ['company_key', 'last_name_key', 'user_id'],
  updatedAt: ['updated_at', 'user_id'],
};

interface Filter {
  /** The condition in a form SQLite may drive the query with (an index or a rowid list). */
  readonly drive: RawBuilder<unknown>;
  /** The same condition, unusable as an index (unary `+`): checked on rows found otherwise. */
  readonly check: RawBuilder<unknown>;
  /** Its index also yields the rows in the page order (filter + last name). */
  readonly sorted: boolean;
  /** How many beneficiaries it keeps (an FTS count or an index range count). */
  count(): Promise<number>;
}

async function countOf(db: Db, query: RawBuilder<{ n: number }>): Promise<number> {
  return Number((await query.execute(db)).rows[0]?.n ?? 0);
}

/**
 * Ids (one page, in order) and total of the beneficiaries matching the query, on the derived
 * `beneficiary_search_doc` table (migration 0003). Each filter is counted first (an FTS count or an
 * index range count — cheap); the most selective one drives and the others are checked on its rows.
 * Plans, for 100k beneficiaries:
 *  - no filter: a range of the sort index (and a count of the table);
 *  - a status, consultant or initial filter sorted by name: a range of the (filter, name) index;
 *  - at most DRIVING_MAX candidates: the driver's rows (FTS rowids, an index range, the consultant's
 *    assessments) are looked up and only they are sorted (`+` in ORDER BY); with several filters one
 *    query returns every match, so each filter is evaluated once;
 *  - more: the sort index is scanned and every row checked against the filters (a unary `+` keeps
 *    SQLite from driving by thousands of lookups), stopping at the end of the page;
 *  - a single letter searches last names starting with it (type-ahead on the initial).
 */
export async function listBeneficiaryIds(db: Db, q: BeneficiaryListQuery): Promise<{ total: number; ids: string[] }> {
  const words = searchWords(q.query);
  const initial = words.length === 1 && [...words[0]!].length === 1 ? words[0]!.toLowerCase() : null;
  const fts = initial === null ? toFtsQuery(q.query) : null;
  const byName = q.sort === 'lastName';
  const filters: Filter[] = [];
  const indexed = (column: string, value: string): Filter => ({
    drive: sql`${sql.ref(`d.${column}`)} = ${value}`,
    check: sql`+${sql.ref(`d.${column}`)} = ${value}`,
    sorted: byName,
    count: () =>
      countOf(
        db,
        sql<{
          n: number;
        }>`SELECT count(*) AS n FROM beneficiary_search_doc d WHERE ${sql.ref(`d.${column}`)} = ${value}`,
      ),
  });

  if (fts !== null) {
    const matches = sql`(SELECT rowid FROM beneficiary_search WHERE beneficiary_search MATCH ${fts})`;
    filters.push({
      drive: sql`d.rid IN ${matches}`,
      check: sql`+d.rid IN ${matches}`,
      sorted: false,
      count: () =>
        countOf(
          db,
          sql<{ n: number }>`SELECT count(*) AS n FROM beneficiary_search WHERE beneficiary_search MATCH ${fts}`,
        ),
    });
  }
  if (initial !== null) {
    // The key is lower(); the next code point bounds the range.
    const next = String.fromCodePoint(initial.codePointAt(0)! + 1);
    filters.push({
      drive: sql`d.last_name_key >= ${initial} AND d.last_name_key < ${next}`,
      check: sql`+d.last_name_key >= ${initial} AND +d.last_name_key < ${next}`,
      sorted: byName,
      count: () =>
        countOf(
          db,
          sql<{
            n: number;
          }>`SELECT count(*) AS n FROM beneficiary_search_doc d WHERE d.last_name_key >= ${initial} AND d.last_name_key < ${next}`,
        ),
    });
  }
  if (q.status !== undefined) filters.push(indexed('status_key', q.status));
  if (q.consultantId !== undefined) filters.push(indexed('consultant_key', q.consultantId));
  if (q.ownerId !== undefined) {
    const owned = sql`(
      SELECT beneficiary_id FROM assessments WHERE consultant_id = ${q.ownerId} AND deleted_at IS NULL
      UNION
      SELECT id FROM users WHERE created_by = ${q.ownerId} AND user_type = 'beneficiary')`;
    filters.push({
      drive: sql`d.user_id IN ${owned}`,
      check: sql`+d.user_id IN ${owned}`,
      sorted: false,
      count: () =>
        countOf(db, sql<{ n: number }>`SELECT count(*) AS n FROM beneficiary_search_doc d WHERE d.user_id IN ${owned}`),
    });
  }

  const whereOf = (parts: RawBuilder<unknown>[]) =>
    parts.length > 0 ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
  const dir = q.dir === 'desc' ? sql`DESC` : sql`ASC`;
  // `+` in ORDER BY: sort the (few) driven rows rather than let SQLite scan the sort index for them.
  const orderBy = (sortRows: boolean) =>
    sql.join(
      SORT_COLUMNS[q.sort].map((c) =>
        sortRows ? sql`+${sql.ref(`d.${c}`)} ${dir}` : sql`${sql.ref(`d.${c}`)} ${dir}`,
      ),
      sql`, `,
    );
  const pageOf = async (parts: RawBuilder<unknown>[], limit: number | null, offset: number, sortRows = false) =>
    (
      await sql<{ user_id: string }>`
        SELECT d.user_id FROM beneficiary_search_doc d ${whereOf(parts)}
        ORDER BY ${orderBy(sortRows)} ${limit === null ? sql`` : sql`LIMIT ${limit} OFFSET ${offset}`}`.execute(db)
    ).rows.map((r) => r.user_id);

  if (filters.length === 0) {
    const total = await countOf(db, sql<{ n: number }>`SELECT count(*) AS n FROM beneficiary_search_doc`);
    return { total, ids: total > q.offset ? await pageOf([], q.limit, q.offset) : [] };
  }
  const counts: number[] = [];
  for (const f of filters) counts.push(await f.count());
  const smallest = Math.min(...counts);
  if (smallest === 0) return { total: 0, ids: [] };
  const driver = filters[counts.indexOf(smallest)]!;
  const driven = filters.map((f) => (f === driver ? f.drive : f.check));

  if (filters.length > 1 && smallest <= DRIVING_MAX) {
    // Few candidates: one query returns every match in order (the other filters are evaluated once).
    const all = await pageOf(driven, null, 0, !driver.sorted);
    return { total: all.length, ids: all.slice(q.offset, q.offset + q.limit) };
  }
  const total =
    filters.length === 1
      ? smallest
      : await countOf(db, sql<{ n: number }>`SELECT count(*) AS n FROM beneficiary_search_doc d ${whereOf(driven)}`);
  if (total === 0 || q.offset >= total) return { total, ids: [] };
  // Drive by the most selective filter when few rows match or when its index is already in page
  // order; otherwise scan the sort index and check every filter.
  if (driver.sorted) return { total, ids: await pageOf(driven, q.limit, q.offset) };
  if (total <= DRIVING_MAX) return { total, ids: await pageOf(driven, q.limit, q.offset, true) };
  const ids = await pageOf(
    filters.map((f) => f.check),
    q.limit,
    q.offset,
  );
  return { total, ids };
}

/**
 * The list rows of the given beneficiaries, in the given order, with their latest assessment (from
 * the derived search row). In "own" scope, when the latest is another consultant's, the latest of the
 * given consultant's assessments is shown instead.
 */
export async function beneficiaryListItems(
  db: Db,
  ids: readonly string[],
  prefer: { consultantId?: string | undefined } = {},
): Promise<BeneficiaryListItem[]> {
  if (ids.length === 0) return [];
  const r = await sql<{
    id: string;
    first_name: string;
    last_name: string;
    email: string;
    phone: string | null;
    updated_at: string;
    city: string | null;
    company: string | null;
    job_title: string | null;
    assessment_key: string;
    status_key: string;
    consultant_key: string;
    c_first: string | null;
    c_last: string | null;
  }>`
    SELECT u.id, u.first_name, u.last_name, u.email, u.phone, u.updated_at, p.city, p.company, p.job_title,
           d.assessment_key, d.status_key, d.consultant_key, c.first_name AS c_first, c.last_name AS c_last
    FROM beneficiary_search_doc d
    JOIN users u ON u.id = d.user_id
    LEFT JOIN user_profiles p ON p.user_id = u.id AND p.deleted_at IS NULL
    LEFT JOIN users c ON c.id = d.consultant_key
    WHERE d.user_id IN (${sql.join([...ids])})`.execute(db);
  const byId = new Map(r.rows.map((row) => [row.id, row]));

  // "Own" scope: show the consultant's own assessment when the latest one is someone else's.
  const own = new Map<string, { id: string; status: AssessmentStatus; consultantName: string }>();
  if (prefer.consultantId !== undefined) {
    const others = r.rows.filter((row) => row.consultant_key !== prefer.consultantId).map((row) => row.id);
    if (others.length > 0) {
      const mine = await db
        .selectFrom('assessments as a')
        .innerJoin('users as c', 'c.id', 'a.consultant_id')
        .select(['a.id', 'a.beneficiary_id', 'a.status', 'c.first_name', 'c.last_name'])
        .where('a.beneficiary_id', 'in', others)
        .where('a.consultant_id', '=', prefer.consultantId)
        .where('a.deleted_at', 'is', null)
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute();
      for (const a of mine)
        own.set(a.beneficiary_id, { id: a.id, status: a.status, consultantName: `${a.first_name} ${a.last_name}` });
    }
  }

  const out: BeneficiaryListItem[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const mine = own.get(id);
    const latest =
      row.assessment_key !== ''
        ? {
            id: row.assessment_key,
            status: row.status_key as AssessmentStatus,
            consultantName: row.c_first !== null ? `${row.c_first} ${row.c_last ?? ''}`.trim() : null,
          }
        : null;
    const shown = mine ?? latest;
    out.push({
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      phone: row.phone,
      city: row.city,
      company: row.company,
      jobTitle: row.job_title,
      assessmentId: shown?.id ?? null,
      assessmentStatus: shown?.status ?? null,
      consultantName: shown?.consultantName ?? null,
      updatedAt: row.updated_at,
    });
  }
  return out;
}

export interface BeneficiaryRecord {
  readonly id: string;
  readonly profileId: string | null;
}

/** The live beneficiary's user id and profile id, or null. */
export async function findBeneficiary(db: Db, id: string): Promise<BeneficiaryRecord | null> {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('user_profiles as p', (j) => j.onRef('p.user_id', '=', 'u.id'))
    .select(['u.id', 'p.id as profile_id'])
    .where('u.id', '=', id)
    .where('u.user_type', '=', 'beneficiary')
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, profileId: row.profile_id ?? null } : null;
}

/** Whether `consultantId` reaches the beneficiary: one of their assessments, or they created it. */
export async function isOwnBeneficiary(db: Db, consultantId: string, beneficiaryId: string): Promise<boolean> {
  const viaAssessment = await db
    .selectFrom('assessments')
    .select('id')
    .where('beneficiary_id', '=', beneficiaryId)
    .where('consultant_id', '=', consultantId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (viaAssessment) return true;
  const created = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', beneficiaryId)
    .where('created_by', '=', consultantId)
    .executeTakeFirst();
  return created !== undefined;
}

export async function beneficiaryDetail(
  db: Db,
  id: string,
  assessmentsOf: { consultantId?: string | undefined } = {},
): Promise<BeneficiaryDetail | null> {
  const r = await db
    .selectFrom('users as u')
    .leftJoin('user_profiles as p', (j) => j.onRef('p.user_id', '=', 'u.id').on('p.deleted_at', 'is', null))
    .select([
      'u.id',
      'u.first_name',
      'u.last_name',
      'u.email',
      'u.phone',
      'u.status',
      'u.created_at',
      'p.address',
      'p.city',
      'p.postal_code',
      'p.country',
      'p.birth_date',
      'p.job_title',
      'p.company',
      'p.seniority',
    ])
    .where('u.id', '=', id)
    .where('u.user_type', '=', 'beneficiary')
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r) return null;
  let aq = db
    .selectFrom('assessments as a')
    .innerJoin('users as c', 'c.id', 'a.consultant_id')
    .select([
      'a.id',
      'a.status',
      'a.start_date',
      'a.expected_end_date',
      'a.progress_percentage',
      'c.first_name',
      'c.last_name',
    ])
    .where('a.beneficiary_id', '=', id)
    .where('a.deleted_at', 'is', null);
  if (assessmentsOf.consultantId !== undefined) aq = aq.where('a.consultant_id', '=', assessmentsOf.consultantId);
  const assessments = await aq.orderBy('a.created_at', 'desc').execute();
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    status: r.status,
    createdAt: r.created_at,
    profile: {
      address: r.address ?? null,
      city: r.city ?? null,
      postalCode: r.postal_code ?? null,
      country: r.country ?? null,
      birthDate: r.birth_date ?? null,
      jobTitle: r.job_title ?? null,
      company: r.company ?? null,
      seniority: r.seniority ?? null,
    },
    assessments: assessments.map((a) => ({
      id: a.id,
      status: a.status,
      consultantName: `${a.first_name} ${a.last_name}`,
      startDate: a.start_date,
      expectedEndDate: a.expected_end_date,
      progressPercentage: a.progress_percentage ?? 0,
    })),
  };
}

/** Global search: the first matches by name, e-mail, company or city. */
export async function searchBeneficiaries(
  db: Db,
  text: string,
  limit: number,
  ownerId: string | undefined,
): Promise<{ id: string; name: string; email: string; city: string | null; company: string | null }[]> {
  const { ids } = await listBeneficiaryIds(db, {
    query: text,
    ownerId,
    sort: 'lastName',
    dir: 'asc',
    offset: 0,
    limit,
  });
  const items = await beneficiaryListItems(db, ids);
  return items.map((i) => ({
    id: i.id,
    name: `${i.firstName} ${i.lastName}`,
    email: i.email,
    city: i.city,
    company: i.company,
  }));
}
