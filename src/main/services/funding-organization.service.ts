/**
 * Funding organisations: every member of staff lists them (a bilan names its funder); holders of
 * `billing.manage` (admins, managers) create, edit and delete them — as the server's RLS policy says.
 * Writes go through the LocalWriter (row + outbox entry), so they sync like any change. Deleting
 * tombstones the row, and is refused while a live bilan or invoice still names the organisation (the
 * schema has no "archived" flag: such an organisation stays listed).
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type {
  FundingOrganization,
  FundingOrganizationList,
  FundingOrganizationType,
} from '../../shared/api/funding-organizations.api.js';
import { hasPermission } from '../../shared/domain/permissions.js';
import { AppError, NotFoundError } from '../../shared/errors.js';
import {
  FUNDING_ORGANIZATION_COLUMNS,
  findFundingOrganization,
  findFundingOrganizationByName,
  fundingOrganizationUsage,
  listFundingOrganizations,
  matchesQuery,
  type FundingOrganizationField,
} from '../repositories/funding-organization.repository.js';
import { logActivity } from './activity.js';
import { requirePermission, requireScope } from './guard.js';
import type { ServiceContext } from './service-context.js';

type Fields = { readonly [K in FundingOrganizationField]?: string | null | undefined };

export interface CreateFundingOrganizationInput extends Fields {
  readonly name: string;
  readonly type: FundingOrganizationType;
}

export interface UpdateFundingOrganizationInput extends Fields {
  readonly id: string;
}

export interface ListFundingOrganizationsInput {
  readonly query?: string | undefined;
  readonly type?: FundingOrganizationType | undefined;
  readonly limit: number;
}

const MANAGE = 'billing.manage';

/** Staff who reach bilans (all or their own) read the funders; a beneficiary does not. */
function requireStaff(user: SessionUser): void {
  requireScope(user, 'assessments');
}

/** The given fields as columns; empty strings become NULL. */
function columnsOf(input: Fields): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, column] of Object.entries(FUNDING_ORGANIZATION_COLUMNS) as [FundingOrganizationField, string][]) {
    const v = input[key];
    if (v === undefined) continue;
    out[column] = typeof v === 'string' && v.trim() === '' ? null : v;
  }
  return out;
}

export class FundingOrganizationService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(user: SessionUser, input: ListFundingOrganizationsInput): Promise<FundingOrganizationList> {
    requireStaff(user);
    const all = await listFundingOrganizations(this.ctx.db, { type: input.type });
    const matches = all.filter((o) => matchesQuery(o, input.query));
    return { items: matches.slice(0, input.limit), total: matches.length, canManage: hasPermission(user, MANAGE) };
  }

  async get(user: SessionUser, id: string): Promise<FundingOrganization> {
    requireStaff(user);
    const found = await findFundingOrganization(this.ctx.db, id);
    if (!found) throw new NotFoundError('funding_organization', id);
    return found;
  }

  private async checkNameFree(name: string, exceptId?: string): Promise<void> {
    if ((await findFundingOrganizationByName(this.ctx.db, name, exceptId)) !== null) {
      throw new AppError('CONFLICT', 'A funding organisation already has this name', { field: 'name', rule: 'unique' });
    }
  }

  async create(user: SessionUser, input: CreateFundingOrganizationInput): Promise<FundingOrganization> {
    requirePermission(user, MANAGE);
    await this.checkNameFree(input.name);
    const id = await this.ctx.write(user.id, async (tx) => {
      const newId = tx.newId();
      await tx.insert('funding_organizations', {
        id: newId,
        contact_name: null,
        contact_email: null,
        contact_phone: null,
        address: null,
        siret: null,
        vat_number: null,
        export_format: null,
        notes: null,
        ...columnsOf(input),
      });
      await logActivity(tx, {
        action: 'funding_organization.created',
        entityType: 'funding_organization',
        entityId: newId,
      });
      return newId;
    });
    return this.get(user, id);
  }

  async update(user: SessionUser, input: UpdateFundingOrganizationInput): Promise<FundingOrganization> {
    requirePermission(user, MANAGE);
    const current = await findFundingOrganization(this.ctx.db, input.id);
    if (!current) throw new NotFoundError('funding_organization', input.id);
    if (input.name !== undefined && input.name !== null) await this.checkNameFree(input.name, input.id);
    const { id, ...fields } = input;
    const patch = columnsOf(fields);
    if (patch.name === null || patch.type === null) {
      throw new AppError('VALIDATION', 'Name and type cannot be empty', {
        field: patch.name === null ? 'name' : 'type',
        rule: 'required',
      });
    }
    await this.ctx.write(user.id, async (tx) => {
      const changed = await tx.update('funding_organizations', id, patch);
      if (changed) {
        await logActivity(tx, {
          action: 'funding_organization.updated',
          entityType: 'funding_organization',
          entityId: id,
          details: { fields: Object.keys(patch) },
        });
      }
    });
    return this.get(user, id);
  }

  async delete(user: SessionUser, id: string): Promise<{ ok: true }> {
    requirePermission(user, MANAGE);
    const current = await findFundingOrganization(this.ctx.db, id);
    if (!current) throw new NotFoundError('funding_organization', id);
    const usage = await fundingOrganizationUsage(this.ctx.db, id);
    if (usage.assessments > 0 || usage.invoices > 0) {
      throw new AppError('CONFLICT', 'The funding organisation is still named by bilans or invoices', {
        rule: 'funder_in_use',
        details: { assessments: usage.assessments, invoices: usage.invoices },
      });
    }
    await this.ctx.write(user.id, async (tx) => {
      await tx.softDelete('funding_organizations', id);
      await logActivity(tx, {
        action: 'funding_organization.deleted',
        entityType: 'funding_organization',
        entityId: id,
        details: { name: current.name },
      });
    });
    return { ok: true };
  }
}
