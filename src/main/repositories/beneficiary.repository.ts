/**
 * Beneficiaries (users with user_type 'beneficiary' + their user_profiles row). Lists and search run
 * on the derived `beneficiary_search_doc` table and its FTS5 index (migrations/sqlite/0003), which
 * keep one compact row per live beneficiary with the sort keys — so a page of 100 out of 100k is an
 * index range scan, and a search is an FTS lookup.
 */
import { sql, type Kysely, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { AssessmentStatus } from '../../shared/domain/assessment/status-machine.js';
import type { BeneficiaryDetail, BeneficiaryListItem } from '../../shared/api/beneficiaries.api.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

/** The local-only search tables of migration 0003 (not part of the synced catalogue). */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- withTables needs an index-compatible type
type SearchTables = {
  beneficiary_search_doc: {
    rid: number;
    user_id: string;
    last_name_key: string;
    first_name_key: string;
    city_key: string;
    company_key: string;
    updated_at: string;
    body: string;
  };
  beneficiary_search: { rowid: number; body: string; beneficiary_search: string };
};

type SearchDb = LocalDB & SearchTables;

/** The action recorded in activity_logs when a staff member creates a beneficiary (scopes "own" lists). */
export const BENEFICIARY_CREATED_ACTION = 'beneficiary.created';

export type BeneficiarySort = 'lastName' | 'firstName' | 'city' | 'company' | 'updatedAt';

export interface BeneficiaryListQuery {
  readonly query?: string | undefined;
  readonly status?: AssessmentStatus | undefined;
  readonly consultantId?: string | undefined;
  /** Restricts to the beneficiaries of this consultant (their assessments, or created by them). */
  readonly ownerId?: string | undefined;
  readonly sort: BeneficiarySort;
  readonly dir: 'asc' | 'desc';
  readonly offset: number;
  readonly limit: number;
}

/**
 * Turns free text into an FTS5 query: every word is a prefix term, all words must match.
 * Returns null when the text has no searchable word.
 */
export function toFtsQuery(text: string | undefined): string | null {
  if (!text) return null;
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

const SORT_COLUMNS: Record<BeneficiarySort, readonly (keyof SearchTables['beneficiary_search_doc'])[]> = {
  lastName: ['last_name_key', 'first_name_key', 'user_id'],
  firstName: ['first_name_key', 'last_name_key', 'user_id'],
  city: ['city_key', 'last_name_key', 'user_id'],
  company: ['company_key', 'last_name_key', 'user_id'],
  updatedAt: ['updated_at', 'user_id'],
};

/** Ids (one page, in order) and total of the beneficiaries matching the query. */
export async function listBeneficiaryIds(db: Db, q: BeneficiaryListQuery): Promise<{ total: number; ids: string[] }> {
  const sdb = db.withTables<SearchTables>();
  const fts = toFtsQuery(q.query);

  const filters = (eb: ExpressionBuilder<SearchDb, 'beneficiary_search_doc'>) => {
    const conds = [];
    if (fts !== null) {
      conds.push(
        eb(
          'beneficiary_search_doc.rid',
          'in',
          eb.selectFrom('beneficiary_search').select('beneficiary_search.rowid').where(sql<SqlBool>`beneficiary_search MATCH ${fts}`),
        ),
      );
    }
    if (q.status !== undefined || q.consultantId !== undefined) {
      let sub = eb.selectFrom('assessments').select('assessments.beneficiary_id').where('assessments.deleted_at', 'is', null);
      if (q.status !== undefined) sub = sub.where('assessments.status', '=', q.status);
      if (q.consultantId !== undefined) sub = sub.where('assessments.consultant_id', '=', q.consultantId);
      conds.push(eb('beneficiary_search_doc.user_id', 'in', sub));
    }
    if (q.ownerId !== undefined) {
      conds.push(
        eb(
          'beneficiary_search_doc.user_id',
          'in',
          eb
            .selectFrom('assessments')
            .select('assessments.beneficiary_id')
            .where('assessments.consultant_id', '=', q.ownerId)
            .where('assessments.deleted_at', 'is', null)
            .union(
              eb
                .selectFrom('activity_logs')
                .select('activity_logs.entity_id as beneficiary_id')
                .where('activity_logs.action', '=', BENEFICIARY_CREATED_ACTION)
                .where('activity_logs.user_id', '=', q.ownerId),
            ),
        ),
      );
    }
    return eb.and(conds);
  };

  let page = sdb.selectFrom('beneficiary_search_doc').select('beneficiary_search_doc.user_id').where(filters);
  for (const c of SORT_COLUMNS[q.sort]) page = page.orderBy(`beneficiary_search_doc.${c}`, q.dir);
  const rows = await page.limit(q.limit).offset(q.offset).execute();

  let total: number;
  if (q.offset === 0 && rows.length < q.limit) {
    total = rows.length;
  } else if (fts !== null && q.status === undefined && q.consultantId === undefined && q.ownerId === undefined) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM beneficiary_search WHERE beneficiary_search MATCH ${fts}`.execute(db);
    total = Number(r.rows[0]?.n ?? 0);
  } else {
    const r = await sdb
      .selectFrom('beneficiary_search_doc')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(filters)
      .executeTakeFirst();
    total = Number(r?.n ?? 0);
  }
  return { total, ids: rows.map((r) => r.user_id) };
}

interface AssessmentPick {
  id: string;
  beneficiaryId: string;
  consultantId: string;
  status: AssessmentStatus;
  consultantName: string;
  createdAt: string;
}

async function assessmentsOfBeneficiaries(db: Db, ids: readonly string[]): Promise<AssessmentPick[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('assessments as a')
    .innerJoin('users as c', 'c.id', 'a.consultant_id')
    .select(['a.id', 'a.beneficiary_id', 'a.consultant_id', 'a.status', 'a.created_at', 'c.first_name', 'c.last_name'])
    .where('a.beneficiary_id', 'in', [...ids])
    .where('a.deleted_at', 'is', null)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    beneficiaryId: r.beneficiary_id,
    consultantId: r.consultant_id,
    status: r.status,
    consultantName: `${r.first_name} ${r.last_name}`,
    createdAt: r.created_at,
  }));
}

/** The list rows of the given beneficiaries, in the given order. */
export async function beneficiaryListItems(
  db: Db,
  ids: readonly string[],
  prefer: { status?: AssessmentStatus | undefined; consultantId?: string | undefined } = {},
): Promise<BeneficiaryListItem[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('user_profiles as p', (j) => j.onRef('p.user_id', '=', 'u.id').on('p.deleted_at', 'is', null))
    .select([
      'u.id',
      'u.first_name',
      'u.last_name',
      'u.email',
      'u.phone',
      'u.updated_at',
      'p.city',
      'p.company',
      'p.job_title',
    ])
    .where('u.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const assessments = await assessmentsOfBeneficiaries(db, ids);
  const score = (a: AssessmentPick) =>
    (prefer.status !== undefined && a.status === prefer.status ? 2 : 0) +
    (prefer.consultantId !== undefined && a.consultantId === prefer.consultantId ? 1 : 0);
  const chosen = new Map<string, AssessmentPick>();
  for (const a of assessments) {
    const current = chosen.get(a.beneficiaryId);
    if (!current || score(a) > score(current)) chosen.set(a.beneficiaryId, a);
  }
  const out: BeneficiaryListItem[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const a = chosen.get(id);
    out.push({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      email: r.email,
      phone: r.phone,
      city: r.city ?? null,
      company: r.company ?? null,
      jobTitle: r.job_title ?? null,
      assessmentId: a?.id ?? null,
      assessmentStatus: a?.status ?? null,
      consultantName: a?.consultantName ?? null,
      updatedAt: r.updated_at,
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
    .selectFrom('activity_logs')
    .select('id')
    .where('action', '=', BENEFICIARY_CREATED_ACTION)
    .where('user_id', '=', consultantId)
    .where('entity_id', '=', beneficiaryId)
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
  const { ids } = await listBeneficiaryIds(db, { query: text, ownerId, sort: 'lastName', dir: 'asc', offset: 0, limit });
  const items = await beneficiaryListItems(db, ids);
  return items.map((i) => ({ id: i.id, name: `${i.firstName} ${i.lastName}`, email: i.email, city: i.city, company: i.company }));
}
