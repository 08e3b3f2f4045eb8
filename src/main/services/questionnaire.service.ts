/**
 * The questionnaire builder: list, read, create, edit (in place, or as a new version once answered),
 * publish, (de)activate, import/export in the portable JSON format, and the installation of the
 * questionnaires shipped with Jalon (first-run setup, idempotent by code + version).
 *
 * Versioning (src/shared/domain/questionnaires/versioning.ts): a questionnaire with responses is never
 * altered; saving creates version + 1 (previous_version_id → the edited one, draft until published),
 * and the responses keep pointing at the version they answered. Only the latest version of a code is
 * edited. A definition is always checked whole (`questionnaireDefinitionProblems`) before any write.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type {
  QuestionnaireDetail,
  QuestionnaireList,
  QuestionnaireSummary,
  SaveQuestionnaireResult,
} from '../../shared/api/questionnaires.api.js';
import { SHIPPED_QUESTIONNAIRES } from '../../shared/content/questionnaires/index.js';
import {
  parseQuestionnaireDefinition,
  questionnaireDefinitionProblems,
  type DefinitionProblem,
  type QuestionnaireDefinition,
} from '../../shared/domain/questionnaires/definition.js';
import { editMode } from '../../shared/domain/questionnaires/versioning.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { LocalTx } from '../db/sqlite/local-writer.js';
import {
  canonicalDefinition,
  findQuestionnaireRow,
  insertQuestionnaire,
  listQuestionnaireRows,
  loadQuestionnaire,
  questionCounts,
  responseCountOf,
  updateQuestionnaireInPlace,
  usageCounts,
  versionsOfCode,
  type LoadedQuestionnaire,
  type QuestionnaireRow,
} from '../repositories/questionnaire.repository.js';
import { logActivity } from './activity.js';
import type { ServiceContext } from './service-context.js';

export const QUESTIONNAIRES_EDIT = 'questionnaires.edit';

/** Whether the user may build questionnaires (admin and manager by default, see permissions.ts). */
export function canEditQuestionnaires(user: SessionUser): boolean {
  return user.permissions.includes(QUESTIONNAIRES_EDIT);
}

export function requireQuestionnaireEdit(user: SessionUser): void {
  if (!canEditQuestionnaires(user)) throw new ForbiddenError(QUESTIONNAIRES_EDIT);
}

/** Staff who assign or build questionnaires may read them. */
export function requireQuestionnaireView(user: SessionUser): void {
  if (!canEditQuestionnaires(user) && !user.permissions.includes('questionnaires.assign')) {
    throw new ForbiddenError('questionnaires.assign');
  }
}

const MAX_REPORTED_PROBLEMS = 50;

function problemsDetails(problems: readonly DefinitionProblem[], prefix: string) {
  return {
    count: problems.length,
    problems: problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => ({
      field: p.field === '' ? prefix.replace(/\.$/, '') : `${prefix}${p.field}`,
      rule: p.rule,
      message: p.message,
      ...(p.details ? { details: p.details } : {}),
    })),
  };
}

/**
 * Throws VALIDATION on the first problem of the definition, with its path under `prefix`
 * ("definition.sections.0.title") and every problem in `details.problems`.
 */
export function assertValidDefinition(candidate: unknown, prefix = 'definition.'): QuestionnaireDefinition {
  const problems = questionnaireDefinitionProblems(candidate);
  const first = problems[0];
  if (first) {
    const field = first.field === '' ? prefix.replace(/\.$/, '') || 'definition' : `${prefix}${first.field}`;
    throw new ValidationError(field, first.rule, first.message, {
      ...(first.details ?? {}),
      ...problemsDetails(problems, prefix),
    });
  }
  // Parsed again so the stored copy is the normalised one (defaults, trimmed titles).
  return parseQuestionnaireDefinition(candidate);
}

/** The highest version row of a code that is below `version` (the one a new version derives from). */
function previousOf(rows: readonly QuestionnaireRow[], version: number): QuestionnaireRow | null {
  let best: QuestionnaireRow | null = null;
  for (const r of rows) if (r.version < version && (!best || r.version > best.version)) best = r;
  return best;
}

/**
 * Installs the shipped questionnaires that are missing (by code + version), published, as templates.
 * Returns how many were installed. Runs inside the caller's transaction (first-run setup).
 */
export async function installShippedQuestionnaires(tx: LocalTx, createdBy: string): Promise<number> {
  let installed = 0;
  for (const shipped of SHIPPED_QUESTIONNAIRES) {
    const versions = await versionsOfCode(tx.db, shipped.code);
    if (versions.some((v) => v.version === shipped.version)) continue;
    const def = parseQuestionnaireDefinition(shipped);
    await insertQuestionnaire(tx, def, {
      createdBy,
      isTemplate: true,
      isActive: true,
      publishedAt: tx.now,
      previousVersionId: previousOf(versions, def.version)?.id ?? null,
    });
    installed++;
  }
  return installed;
}

export class QuestionnaireService {
  constructor(private readonly ctx: ServiceContext) {}

  private async summaries(rows: readonly QuestionnaireRow[]): Promise<QuestionnaireSummary[]> {
    const [counts, usage] = await Promise.all([questionCounts(this.ctx.db), usageCounts(this.ctx.db)]);
    const latest = new Map<string, number>();
    for (const r of await listQuestionnaireRows(this.ctx.db)) {
      latest.set(r.code, Math.max(latest.get(r.code) ?? 0, r.version));
    }
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      version: r.version,
      title: r.title,
      description: r.description,
      category: r.category,
      estimatedTimeMinutes: r.estimatedTimeMinutes,
      isActive: r.isActive,
      isTemplate: r.isTemplate,
      publishedAt: r.publishedAt,
      previousVersionId: r.previousVersionId,
      questionCount: counts.get(r.id) ?? 0,
      responseCount: usage.get(r.id)?.responses ?? 0,
      assignmentCount: usage.get(r.id)?.assignments ?? 0,
      isLatest: (latest.get(r.code) ?? r.version) === r.version,
      updatedAt: r.updatedAt,
    }));
  }

  private async detail(user: SessionUser, loaded: LoadedQuestionnaire): Promise<QuestionnaireDetail> {
    const [summary] = await this.summaries([loaded.row]);
    const responseCount = await responseCountOf(this.ctx.db, loaded.row.id);
    return {
      ...summary!,
      definition: loaded.definition,
      editMode: editMode({ publishedAt: loaded.row.publishedAt, responseCount }),
      canEdit: canEditQuestionnaires(user),
    };
  }

  private async loadOrThrow(id: string): Promise<LoadedQuestionnaire> {
    const loaded = await loadQuestionnaire(this.ctx.db, id);
    if (!loaded) throw new NotFoundError('questionnaire', id);
    return loaded;
  }

  async list(user: SessionUser, input: { includeInactive?: boolean | undefined }): Promise<QuestionnaireList> {
    requireQuestionnaireView(user);
    const canEdit = canEditQuestionnaires(user);
    let rows = await listQuestionnaireRows(this.ctx.db);
    // Drafts and deactivated questionnaires are the builder's business.
    if (!canEdit) rows = rows.filter((r) => r.publishedAt !== null && r.isActive);
    else if (input.includeInactive === false) rows = rows.filter((r) => r.isActive);
    return { canEdit, items: await this.summaries(rows) };
  }

  async get(user: SessionUser, id: string): Promise<QuestionnaireDetail> {
    requireQuestionnaireView(user);
    const loaded = await this.loadOrThrow(id);
    if (!canEditQuestionnaires(user) && loaded.row.publishedAt === null) throw new NotFoundError('questionnaire', id);
    return this.detail(user, loaded);
  }

  async create(user: SessionUser, definition: unknown): Promise<QuestionnaireDetail> {
    requireQuestionnaireEdit(user);
    const def = assertValidDefinition(definition);
    const id = await this.ctx.write(user.id, async (tx) => {
      if ((await versionsOfCode(tx.db, def.code)).length > 0) {
        throw new AppError('CONFLICT', `A questionnaire with code ${def.code} already exists`, {
          field: 'definition.code',
          rule: 'code_taken',
          details: { code: def.code },
        });
      }
      const created = await insertQuestionnaire(
        tx,
        { ...def, version: 1 },
        {
          createdBy: user.id,
          isTemplate: false,
          isActive: true,
          publishedAt: null,
          previousVersionId: null,
        },
      );
      await logActivity(tx, {
        action: 'questionnaire.create',
        entityType: 'questionnaire',
        entityId: created,
        details: { code: def.code },
      });
      return created;
    });
    return this.detail(user, await this.loadOrThrow(id));
  }

  /**
   * Saves an edited definition of questionnaire `id` (its latest version). In place when nobody has
   * answered it yet; otherwise as a new draft version. The code cannot change; the version number is
   * decided here, not by the caller.
   */
  async save(user: SessionUser, id: string, definition: unknown): Promise<SaveQuestionnaireResult> {
    requireQuestionnaireEdit(user);
    const def = assertValidDefinition(definition);
    const result = await this.ctx.write(user.id, async (tx) => {
      const current = await loadQuestionnaire(tx.db, id);
      if (!current) throw new NotFoundError('questionnaire', id);
      if (def.code !== current.row.code) {
        throw new ValidationError('definition.code', 'code_immutable', 'The code of a questionnaire cannot change', {
          code: current.row.code,
        });
      }
      const versions = await versionsOfCode(tx.db, current.row.code);
      const latest = versions.at(-1) ?? current.row;
      if (latest.id !== current.row.id) {
        throw new AppError('CONFLICT', 'Only the latest version of a questionnaire can be edited', {
          field: 'id',
          rule: 'not_latest_version',
          details: { latestId: latest.id, latestVersion: latest.version },
        });
      }
      const responseCount = await responseCountOf(tx.db, id);
      const mode = editMode({ publishedAt: current.row.publishedAt, responseCount });
      if (mode === 'in_place') {
        await updateQuestionnaireInPlace(tx, current, { ...def, version: current.row.version });
        await logActivity(tx, {
          action: 'questionnaire.update',
          entityType: 'questionnaire',
          entityId: id,
          details: { code: def.code, version: current.row.version },
        });
        return { mode, id };
      }
      const version = latest.version + 1;
      const created = await insertQuestionnaire(
        tx,
        { ...def, version },
        {
          createdBy: user.id,
          isTemplate: current.row.isTemplate,
          isActive: true,
          publishedAt: null,
          previousVersionId: current.row.id,
        },
      );
      await logActivity(tx, {
        action: 'questionnaire.new_version',
        entityType: 'questionnaire',
        entityId: created,
        details: { code: def.code, version, previousVersionId: id, responseCount },
      });
      return { mode, id: created };
    });
    return { mode: result.mode, questionnaire: await this.detail(user, await this.loadOrThrow(result.id)) };
  }

  async publish(user: SessionUser, id: string): Promise<QuestionnaireDetail> {
    requireQuestionnaireEdit(user);
    await this.ctx.write(user.id, async (tx) => {
      const row = await findQuestionnaireRow(tx.db, id);
      if (!row) throw new NotFoundError('questionnaire', id);
      if (row.publishedAt !== null) {
        throw new AppError('INVALID_TRANSITION', 'This questionnaire is already published', {
          rule: 'already_published',
        });
      }
      // Never publish something that would not load back as a valid definition.
      const loaded = await loadQuestionnaire(tx.db, id);
      assertValidDefinition(loaded?.definition, 'definition.');
      await tx.update('questionnaires', id, { published_at: tx.now });
      await logActivity(tx, {
        action: 'questionnaire.publish',
        entityType: 'questionnaire',
        entityId: id,
        details: { code: row.code, version: row.version },
      });
    });
    return this.detail(user, await this.loadOrThrow(id));
  }

  async setActive(user: SessionUser, id: string, isActive: boolean): Promise<QuestionnaireSummary> {
    requireQuestionnaireEdit(user);
    await this.ctx.write(user.id, async (tx) => {
      const row = await findQuestionnaireRow(tx.db, id);
      if (!row) throw new NotFoundError('questionnaire', id);
      if (await tx.update('questionnaires', id, { is_active: isActive ? 1 : 0 })) {
        await logActivity(tx, {
          action: isActive ? 'questionnaire.activate' : 'questionnaire.deactivate',
          entityType: 'questionnaire',
          entityId: id,
        });
      }
    });
    const row = await findQuestionnaireRow(this.ctx.db, id);
    const [summary] = await this.summaries([row!]);
    return summary!;
  }

  /**
   * Imports a JSON file as a draft. A file that does not parse or validate changes nothing and is
   * refused with the path of its first problem (`field` is the path inside the file, every problem is
   * in `details.problems`). An existing code + version is a CONFLICT; another version of a known code
   * becomes a version of it.
   */
  async import(user: SessionUser, json: string): Promise<QuestionnaireDetail> {
    requireQuestionnaireEdit(user);
    const def = canonicalDefinition(assertValidDefinition(json, ''));
    const id = await this.ctx.write(user.id, async (tx) => {
      const versions = await versionsOfCode(tx.db, def.code);
      if (versions.some((v) => v.version === def.version)) {
        throw new AppError('CONFLICT', `Version ${def.version} of ${def.code} already exists`, {
          field: 'version',
          rule: 'version_exists',
          details: { code: def.code, version: def.version },
        });
      }
      const created = await insertQuestionnaire(tx, def, {
        createdBy: user.id,
        isTemplate: false,
        isActive: true,
        publishedAt: null,
        previousVersionId: previousOf(versions, def.version)?.id ?? null,
      });
      await logActivity(tx, {
        action: 'questionnaire.import',
        entityType: 'questionnaire',
        entityId: created,
        details: { code: def.code, version: def.version },
      });
      return created;
    });
    return this.detail(user, await this.loadOrThrow(id));
  }

  async export(user: SessionUser, id: string): Promise<{ fileName: string; json: string }> {
    requireQuestionnaireView(user);
    const loaded = await this.loadOrThrow(id);
    return {
      fileName: `${loaded.row.code}-v${loaded.row.version}.json`,
      json: `${JSON.stringify(loaded.definition, null, 2)}\n`,
    };
  }

  async installShipped(user: SessionUser): Promise<{ installed: number }> {
    requireQuestionnaireEdit(user);
    const installed = await this.ctx.write(user.id, (tx) => installShippedQuestionnaires(tx, user.id));
    return { installed };
  }

  /** The stored definition (no permission check: for the other questionnaire services). */
  async load(id: string): Promise<LoadedQuestionnaire> {
    return this.loadOrThrow(id);
  }
}
