/**
 * Beneficiaries: users with user_type 'beneficiary' and a user_profiles row. A consultant reaches the
 * beneficiaries of their assessments and those they created; admin and manager reach all.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { BeneficiaryDetail, BeneficiaryListItem } from '../../shared/api/beneficiaries.api.js';
import type { AssessmentStatus } from '../../shared/domain/assessment/status-machine.js';
import { parisDateOf } from '../../shared/domain/planning/paris-time.js';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  BENEFICIARY_CREATED_ACTION,
  beneficiaryDetail,
  beneficiaryListItems,
  findBeneficiary,
  isOwnBeneficiary,
  listBeneficiaryIds,
  type BeneficiarySort,
} from '../repositories/beneficiary.repository.js';
import { findUserIdByEmail, roleIdsByName } from '../repositories/user.repository.js';
import { logActivity } from './activity.js';
import { requirePermission, requireScope } from './guard.js';
import type { ServiceContext } from './service-context.js';

export interface ProfileInput {
  readonly address?: string | null | undefined;
  readonly city?: string | null | undefined;
  readonly postalCode?: string | null | undefined;
  readonly country?: string | null | undefined;
  readonly birthDate?: string | null | undefined;
  readonly jobTitle?: string | null | undefined;
  readonly company?: string | null | undefined;
  readonly seniority?: number | null | undefined;
}

export interface CreateBeneficiaryInput {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone?: string | null | undefined;
  readonly profile: ProfileInput;
}

export interface UpdateBeneficiaryInput {
  readonly id: string;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | null | undefined;
  readonly profile?: ProfileInput | undefined;
}

export interface ListBeneficiariesInput {
  readonly query?: string | undefined;
  readonly status?: AssessmentStatus | undefined;
  readonly consultantId?: string | undefined;
  readonly sort: BeneficiarySort;
  readonly dir: 'asc' | 'desc';
  readonly offset: number;
  readonly limit: number;
}

const PROFILE_COLUMNS: Readonly<Record<keyof ProfileInput, string>> = {
  address: 'address',
  city: 'city',
  postalCode: 'postal_code',
  country: 'country',
  birthDate: 'birth_date',
  jobTitle: 'job_title',
  company: 'company',
  seniority: 'seniority',
};

/** Empty strings become NULL; only given keys are kept. */
function profilePatch(profile: ProfileInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PROFILE_COLUMNS) as [keyof ProfileInput, string][]) {
    const v = profile[key];
    if (v === undefined) continue;
    out[column] = typeof v === 'string' && v.trim() === '' ? null : v;
  }
  return out;
}

export class BeneficiaryService {
  constructor(private readonly ctx: ServiceContext) {}

  private checkProfile(profile: ProfileInput | undefined): void {
    if (profile?.birthDate != null) {
      const today = parisDateOf(this.ctx.clock());
      if (profile.birthDate > today)
        throw new ValidationError('profile.birthDate', 'in_future', 'Birth date is in the future');
      if (profile.birthDate < '1900-01-01')
        throw new ValidationError('profile.birthDate', 'too_old', 'Birth date before 1900');
    }
  }

  /** Throws NOT_FOUND when the beneficiary does not exist or is out of the user's reach. */
  async assertReachable(user: SessionUser, id: string): Promise<void> {
    const scope = requireScope(user, 'beneficiaries');
    const found = await findBeneficiary(this.ctx.db, id);
    if (!found) throw new NotFoundError('beneficiary', id);
    if (scope === 'own' && !(await isOwnBeneficiary(this.ctx.db, user.id, id)))
      throw new NotFoundError('beneficiary', id);
  }

  async list(
    user: SessionUser,
    input: ListBeneficiariesInput,
  ): Promise<{ total: number; items: BeneficiaryListItem[] }> {
    const scope = requireScope(user, 'beneficiaries');
    const { total, ids } = await listBeneficiaryIds(this.ctx.db, {
      query: input.query,
      status: input.status,
      consultantId: input.consultantId,
      ownerId: scope === 'own' ? user.id : undefined,
      sort: input.sort,
      dir: input.dir,
      offset: input.offset,
      limit: input.limit,
    });
    const items = await beneficiaryListItems(this.ctx.db, ids, { consultantId: scope === 'own' ? user.id : undefined });
    return { total, items };
  }

  async get(user: SessionUser, id: string): Promise<BeneficiaryDetail> {
    await this.assertReachable(user, id);
    const scope = requireScope(user, 'assessments');
    const detail = await beneficiaryDetail(this.ctx.db, id, { consultantId: scope === 'own' ? user.id : undefined });
    if (!detail) throw new NotFoundError('beneficiary', id);
    return detail;
  }

  async create(user: SessionUser, input: CreateBeneficiaryInput): Promise<BeneficiaryDetail> {
    requirePermission(user, 'beneficiaries.create');
    this.checkProfile(input.profile);
    const email = input.email.toLowerCase();
    if ((await findUserIdByEmail(this.ctx.db, email)) !== null) {
      throw new AppError('CONFLICT', 'E-mail already used', { field: 'email', rule: 'unique' });
    }
    const id = await this.ctx.write(user.id, async (tx) => {
      const newId = tx.newId();
      await tx.insert('users', {
        id: newId,
        email,
        first_name: input.firstName,
        last_name: input.lastName,
        phone: input.phone ?? null,
        user_type: 'beneficiary',
        role: null,
        status: 'active',
        created_by: user.id,
      });
      await tx.insert('user_profiles', {
        id: tx.newId(),
        user_id: newId,
        profile_type: 'beneficiary',
        country: 'France',
        ...profilePatch(input.profile),
      });
      const roleId = (await roleIdsByName(tx.db)).get('beneficiary');
      if (roleId !== undefined) await tx.insert('user_roles', { user_id: newId, role_id: roleId });
      await logActivity(tx, { action: BENEFICIARY_CREATED_ACTION, entityType: 'user', entityId: newId });
      return newId;
    });
    return this.get(user, id);
  }

  async update(user: SessionUser, input: UpdateBeneficiaryInput): Promise<BeneficiaryDetail> {
    requirePermission(user, 'beneficiaries.edit');
    await this.assertReachable(user, input.id);
    this.checkProfile(input.profile);
    if (input.email !== undefined) {
      const owner = await findUserIdByEmail(this.ctx.db, input.email);
      if (owner !== null && owner !== input.id) {
        throw new AppError('CONFLICT', 'E-mail already used', { field: 'email', rule: 'unique' });
      }
    }
    await this.ctx.write(user.id, async (tx) => {
      const patch: Record<string, unknown> = {};
      if (input.firstName !== undefined) patch.first_name = input.firstName;
      if (input.lastName !== undefined) patch.last_name = input.lastName;
      if (input.email !== undefined) patch.email = input.email.toLowerCase();
      if (input.phone !== undefined) patch.phone = input.phone;
      await tx.update('users', input.id, patch);
      if (input.profile !== undefined) {
        const found = await findBeneficiary(tx.db, input.id);
        const values = profilePatch(input.profile);
        if (found?.profileId) {
          await tx.update('user_profiles', found.profileId, values);
        } else {
          await tx.insert('user_profiles', {
            id: tx.newId(),
            user_id: input.id,
            profile_type: 'beneficiary',
            ...values,
          });
        }
      }
    });
    return this.get(user, input.id);
  }
}
