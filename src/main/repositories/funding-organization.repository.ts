/**
 * Funding organisations (funding_organizations) and how many live bilans and invoices name them.
 * A firm has tens to a few hundred of them: the list is read whole and searched in memory, with
 * accents and case ignored (SQLite's LIKE folds ASCII only).
 */
import type { Kysely } from 'kysely';
import type { FundingOrganization, FundingOrganizationType } from '../../shared/api/funding-organizations.api.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

/** The table's columns, in the API's names. */
export const FUNDING_ORGANIZATION_COLUMNS = {
  name: 'name',
  type: 'type',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  address: 'address',
  siret: 'siret',
  vatNumber: 'vat_number',
  exportFormat: 'export_format',
  notes: 'notes',
} as const;

export type FundingOrganizationField = keyof typeof FUNDING_ORGANIZATION_COLUMNS;

function baseSelect(db: Db) {
  return db
    .selectFrom('funding_organizations as f')
    .select([
      'f.id',
      'f.name',
      'f.type',
      'f.contact_name',
      'f.contact_email',
      'f.contact_phone',
      'f.address',
      'f.siret',
      'f.vat_number',
      'f.export_format',
      'f.notes',
      'f.created_at',
      'f.updated_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('assessments as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.funding_organization_id', '=', 'f.id')
        .where('a.deleted_at', 'is', null)
        .as('assessment_count'),
    )
    .where('f.deleted_at', 'is', null);
}

type Selected = Awaited<ReturnType<ReturnType<typeof baseSelect>['executeTakeFirstOrThrow']>>;

function toContract(r: Selected): FundingOrganization {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    address: r.address,
    siret: r.siret,
    vatNumber: r.vat_number,
    exportFormat: r.export_format,
    notes: r.notes,
    assessmentCount: Number(r.assessment_count ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Lower case without accents, for comparing names ("Île-de-France" ~ "ile-de-france"). */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Every live organisation of a type (or all), in name order (French collation). */
export async function listFundingOrganizations(
  db: Db,
  filter: { type?: FundingOrganizationType | undefined } = {},
): Promise<FundingOrganization[]> {
  let q = baseSelect(db);
  if (filter.type !== undefined) q = q.where('f.type', '=', filter.type);
  const rows = (await q.execute()).map(toContract);
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
}

/** Whether every word of the query starts a word (or is part) of the name, contact, e-mail or SIRET. */
export function matchesQuery(org: FundingOrganization, query: string | undefined): boolean {
  const words = foldText(query ?? '')
    .split(/[^\p{L}\p{N}@.]+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return true;
  const haystack = foldText([org.name, org.contactName, org.contactEmail, org.siret].filter(Boolean).join(' '));
  return words.every((w) => haystack.includes(w));
}

/** A live organisation by id, or null. */
export async function findFundingOrganization(db: Db, id: string): Promise<FundingOrganization | null> {
  const r = await baseSelect(db).where('f.id', '=', id).executeTakeFirst();
  return r ? toContract(r) : null;
}

/** Another live organisation with the same name (accents and case ignored), or null. */
export async function findFundingOrganizationByName(db: Db, name: string, exceptId?: string): Promise<string | null> {
  const wanted = foldText(name.trim());
  const rows = await db
    .selectFrom('funding_organizations')
    .select(['id', 'name'])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.find((r) => r.id !== exceptId && foldText(r.name.trim()) === wanted)?.id ?? null;
}

/** Live bilans and invoices that name the organisation. */
export async function fundingOrganizationUsage(db: Db, id: string): Promise<{ assessments: number; invoices: number }> {
  const a = await db
    .selectFrom('assessments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('funding_organization_id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const i = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('funding_organization_id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return { assessments: Number(a?.n ?? 0), invoices: Number(i?.n ?? 0) };
}
