/**
 * Questionnaire definitions in the local store: a `QuestionnaireDefinition` ⇄ the rows of
 * questionnaires, questionnaire_sections, questions (+ config), question_options, scoring_categories,
 * scoring_rules (weight in hundredths, formula) and interpretation_ranges (+ label).
 *
 * Keys that the data model has no column for travel in `questions.config` (jsonb):
 *   { "key": "imp_autonomie_1", "sectionKey": "importance", …type settings… }
 * where the type settings are the scale bounds/labels, the matrix rows/columns or the multiple-choice
 * min/max. A section's key is read back from its questions (a section always has at least one).
 *
 * Canonical order on load: sections, questions, options and categories by order_index; ranges by
 * min_value; rules by category order then question order (`canonicalDefinition` gives the same order
 * for any definition, so load(store(d)) equals canonicalDefinition(d)).
 *
 * Writes go through the LocalTx only (row + outbox). An in-place edit is a diff: rows are matched by
 * key (sections, questions, categories), option value, rule (question, category) and range position;
 * unchanged rows are not written, removed ones are tombstoned.
 */
import type { Kysely } from 'kysely';
import type {
  CategoryDefinition,
  QuestionDefinition,
  QuestionnaireCategory,
  QuestionnaireDefinition,
  QuestionType,
  RangeDefinition,
  RuleDefinition,
  SectionDefinition,
} from '../../shared/domain/questionnaires/definition.js';
import { QUESTIONNAIRE_FORMAT, QUESTIONNAIRE_FORMAT_VERSION } from '../../shared/domain/questionnaires/definition.js';
import type { LocalTx, SyncedTable } from '../db/sqlite/local-writer.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export interface QuestionnaireRow {
  readonly id: string;
  readonly code: string;
  readonly version: number;
  readonly title: string;
  readonly description: string | null;
  readonly instructions: string | null;
  readonly category: QuestionnaireCategory;
  readonly estimatedTimeMinutes: number | null;
  readonly isActive: boolean;
  readonly isTemplate: boolean;
  readonly createdBy: string;
  readonly previousVersionId: string | null;
  readonly publishedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Row ids of a stored definition, by the definition's keys. */
export interface QuestionnaireIds {
  readonly sectionIdByKey: ReadonlyMap<string, string>;
  readonly questionIdByKey: ReadonlyMap<string, string>;
  readonly questionKeyById: ReadonlyMap<string, string>;
  /** question key → option value → option id */
  readonly optionIdByValue: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** option id → { question key, value } */
  readonly optionById: ReadonlyMap<string, { readonly questionKey: string; readonly value: string }>;
  readonly categoryIdByCode: ReadonlyMap<string, string>;
  readonly categoryCodeById: ReadonlyMap<string, string>;
}

export interface LoadedQuestionnaire {
  readonly row: QuestionnaireRow;
  readonly definition: QuestionnaireDefinition;
  readonly ids: QuestionnaireIds;
}

/** What `questions.config` holds. */
interface StoredQuestionConfig {
  key: string;
  sectionKey: string;
  [setting: string]: unknown;
}

const QUESTIONNAIRE_COLUMNS = [
  'id',
  'code',
  'version',
  'title',
  'description',
  'instructions',
  'category',
  'estimated_time_minutes',
  'is_active',
  'is_template',
  'created_by',
  'previous_version_id',
  'published_at',
  'created_at',
  'updated_at',
] as const;

interface RawQuestionnaire {
  id: string;
  code: string | null;
  version: number;
  title: string;
  description: string | null;
  instructions: string | null;
  category: QuestionnaireCategory;
  estimated_time_minutes: number | null;
  is_active: number;
  is_template: number;
  created_by: string;
  previous_version_id: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Questionnaires synced from elsewhere without a code get a stable one from their id. */
export function fallbackCode(id: string): string {
  return `questionnaire-${id.slice(0, 8).toLowerCase()}`;
}

function toRow(r: RawQuestionnaire): QuestionnaireRow {
  return {
    id: r.id,
    code: r.code ?? fallbackCode(r.id),
    version: Number(r.version),
    title: r.title,
    description: r.description,
    instructions: r.instructions,
    category: r.category,
    estimatedTimeMinutes: r.estimated_time_minutes,
    isActive: Number(r.is_active) === 1,
    isTemplate: Number(r.is_template) === 1,
    createdBy: r.created_by,
    previousVersionId: r.previous_version_id,
    publishedAt: r.published_at,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

export async function findQuestionnaireRow(db: Db, id: string): Promise<QuestionnaireRow | null> {
  const r = await db
    .selectFrom('questionnaires')
    .select(QUESTIONNAIRE_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? toRow(r) : null;
}

export async function listQuestionnaireRows(db: Db): Promise<QuestionnaireRow[]> {
  const rows = await db
    .selectFrom('questionnaires')
    .select(QUESTIONNAIRE_COLUMNS)
    .where('deleted_at', 'is', null)
    .orderBy('title')
    .orderBy('code')
    .orderBy('version')
    .execute();
  return rows.map((r) => toRow(r));
}

/** Every version of a code, lowest first. */
export async function versionsOfCode(db: Db, code: string): Promise<QuestionnaireRow[]> {
  const rows = await db
    .selectFrom('questionnaires')
    .select(QUESTIONNAIRE_COLUMNS)
    .where('code', '=', code)
    .orderBy('version')
    .execute();
  return rows.map((r) => toRow(r));
}

/** Number of questions of each questionnaire. */
export async function questionCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('questions as q')
    .innerJoin('questionnaire_sections as s', 's.id', 'q.section_id')
    .select(['s.questionnaire_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('q.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .groupBy('s.questionnaire_id')
    .execute();
  return new Map(rows.map((r) => [r.questionnaire_id, Number(r.n)]));
}

/** Responses (started or completed) and live assignments of each questionnaire. */
export async function usageCounts(db: Db): Promise<Map<string, { responses: number; assignments: number }>> {
  const assignments = await db
    .selectFrom('questionnaire_assignments')
    .select(['questionnaire_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .groupBy('questionnaire_id')
    .execute();
  const responses = await db
    .selectFrom('questionnaire_responses as r')
    .innerJoin('questionnaire_assignments as a', 'a.id', 'r.assignment_id')
    .select(['a.questionnaire_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.deleted_at', 'is', null)
    .groupBy('a.questionnaire_id')
    .execute();
  const out = new Map<string, { responses: number; assignments: number }>();
  for (const a of assignments) out.set(a.questionnaire_id, { responses: 0, assignments: Number(a.n) });
  for (const r of responses) {
    const cur = out.get(r.questionnaire_id) ?? { responses: 0, assignments: 0 };
    out.set(r.questionnaire_id, { ...cur, responses: Number(r.n) });
  }
  return out;
}

/** Responses recorded against one questionnaire version (tombstoned ones included: they were answered). */
export async function responseCountOf(db: Db, questionnaireId: string): Promise<number> {
  const r = await db
    .selectFrom('questionnaire_responses as r')
    .innerJoin('questionnaire_assignments as a', 'a.id', 'r.assignment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.questionnaire_id', '=', questionnaireId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Definition ⇄ rows

function parseConfig(json: string | null): StoredQuestionConfig | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const c = v as Record<string, unknown>;
      if (typeof c.key === 'string' && typeof c.sectionKey === 'string') return c as StoredQuestionConfig;
    }
  } catch {
    // fall through: a question without a readable config gets a key from its id
  }
  return null;
}

/** Defined properties only (an absent optional field stays absent). */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** The type settings of a question as stored next to its key in `questions.config`. */
function typeSettings(q: QuestionDefinition): Record<string, unknown> {
  switch (q.type) {
    case 'scale':
      return defined({
        min: q.config.min,
        max: q.config.max,
        step: q.config.step,
        minLabel: q.config.minLabel,
        maxLabel: q.config.maxLabel,
      });
    case 'matrix':
      return {
        rows: q.config.rows.map((r) => ({ key: r.key, text: r.text })),
        columns: q.config.columns.map((c) => defined({ value: c.value, text: c.text, score: c.score })),
      };
    case 'multiple_choice':
      return defined({ minSelected: q.config?.minSelected, maxSelected: q.config?.maxSelected });
    case 'single_choice':
    case 'text':
      return {};
  }
}

function storedConfig(q: QuestionDefinition, sectionKey: string): string {
  return JSON.stringify({ key: q.key, sectionKey, ...typeSettings(q) });
}

function questionFromRow(
  r: { text: string; question_type: QuestionType; is_required: number; help_text: string | null },
  key: string,
  config: StoredQuestionConfig | null,
  options: { value: string; text: string; score: number | null }[],
): QuestionDefinition {
  const base = {
    key,
    text: r.text,
    isRequired: Number(r.is_required) === 1,
    ...(r.help_text !== null ? { helpText: r.help_text } : {}),
    options: options.map((o) => (o.score === null ? { value: o.value, text: o.text } : { ...o, score: o.score })),
  };
  const c = (config ?? {}) as Record<string, unknown>;
  switch (r.question_type) {
    case 'scale':
      return {
        ...base,
        type: 'scale',
        config: defined({
          min: c.min as number,
          max: c.max as number,
          step: c.step as number | undefined,
          minLabel: c.minLabel as string | undefined,
          maxLabel: c.maxLabel as string | undefined,
        }) as { min: number; max: number },
      };
    case 'matrix':
      return {
        ...base,
        type: 'matrix',
        config: {
          rows: (c.rows ?? []) as { key: string; text: string }[],
          columns: (c.columns ?? []) as { value: string; text: string; score?: number }[],
        },
      };
    case 'multiple_choice':
      return {
        ...base,
        type: 'multiple_choice',
        config: defined({
          minSelected: c.minSelected as number | undefined,
          maxSelected: c.maxSelected as number | undefined,
        }),
      };
    case 'single_choice':
      return { ...base, type: 'single_choice' };
    case 'text':
      return { ...base, type: 'text' };
  }
}

/**
 * The order in which definitions are loaded: ranges by minValue, rules by category then question
 * order, and a multiple-choice config always present. Does not modify its argument.
 */
export function canonicalDefinition(def: QuestionnaireDefinition): QuestionnaireDefinition {
  const questionIndex = new Map<string, number>();
  let i = 0;
  for (const s of def.sections) for (const q of s.questions) questionIndex.set(q.key, i++);
  const categoryIndex = new Map(def.categories.map((c, k) => [c.code, k]));
  const rules = def.rules
    .map((r, k) => ({ r, k }))
    .sort(
      (a, b) =>
        (categoryIndex.get(a.r.categoryCode) ?? 0) - (categoryIndex.get(b.r.categoryCode) ?? 0) ||
        (questionIndex.get(a.r.questionKey) ?? 0) - (questionIndex.get(b.r.questionKey) ?? 0) ||
        a.k - b.k,
    )
    .map((e) => ({ ...e.r }));
  return {
    ...def,
    sections: def.sections.map((s) => ({
      ...s,
      questions: s.questions.map((q) => (q.type === 'multiple_choice' ? { ...q, config: { ...(q.config ?? {}) } } : q)),
    })),
    categories: def.categories.map((c) => ({
      ...c,
      ranges: [...c.ranges].sort((a, b) => a.minValue - b.minValue || a.maxValue - b.maxValue),
    })),
    rules,
  };
}

/** Loads a stored questionnaire (tombstoned children left out); null when it does not exist. */
export async function loadQuestionnaire(db: Db, id: string): Promise<LoadedQuestionnaire | null> {
  const row = await findQuestionnaireRow(db, id);
  if (!row) return null;

  const sections = await db
    .selectFrom('questionnaire_sections')
    .select(['id', 'title', 'description', 'order_index', 'is_optional'])
    .where('questionnaire_id', '=', id)
    .where('deleted_at', 'is', null)
    .orderBy('order_index')
    .orderBy('id')
    .execute();
  const sectionIds = sections.map((s) => s.id);
  const questions =
    sectionIds.length === 0
      ? []
      : await db
          .selectFrom('questions')
          .select(['id', 'section_id', 'text', 'question_type', 'order_index', 'is_required', 'help_text', 'config'])
          .where('section_id', 'in', sectionIds)
          .where('deleted_at', 'is', null)
          .orderBy('order_index')
          .orderBy('id')
          .execute();
  const questionIds = questions.map((q) => q.id);
  const options =
    questionIds.length === 0
      ? []
      : await db
          .selectFrom('question_options')
          .select(['id', 'question_id', 'text', 'value', 'order_index', 'score'])
          .where('question_id', 'in', questionIds)
          .where('deleted_at', 'is', null)
          .orderBy('order_index')
          .orderBy('id')
          .execute();
  const categories = await db
    .selectFrom('scoring_categories')
    .select(['id', 'code', 'name', 'description', 'min_score', 'max_score', 'order_index'])
    .where('questionnaire_id', '=', id)
    .where('deleted_at', 'is', null)
    .orderBy('order_index')
    .orderBy('id')
    .execute();
  const categoryIds = categories.map((c) => c.id);
  const ranges =
    categoryIds.length === 0
      ? []
      : await db
          .selectFrom('interpretation_ranges')
          .select(['id', 'category_id', 'min_value', 'max_value', 'interpretation', 'label'])
          .where('category_id', 'in', categoryIds)
          .where('deleted_at', 'is', null)
          .orderBy('min_value')
          .orderBy('max_value')
          .orderBy('id')
          .execute();
  const rules =
    categoryIds.length === 0 || questionIds.length === 0
      ? []
      : await db
          .selectFrom('scoring_rules')
          .select(['id', 'question_id', 'category_id', 'weight', 'formula'])
          .where('category_id', 'in', categoryIds)
          .where('question_id', 'in', questionIds)
          .where('deleted_at', 'is', null)
          .execute();

  const optionsByQuestion = new Map<string, typeof options>();
  for (const o of options) {
    const list = optionsByQuestion.get(o.question_id) ?? [];
    list.push(o);
    optionsByQuestion.set(o.question_id, list);
  }
  const questionsBySection = new Map<string, typeof questions>();
  for (const q of questions) {
    const list = questionsBySection.get(q.section_id) ?? [];
    list.push(q);
    questionsBySection.set(q.section_id, list);
  }

  const sectionIdByKey = new Map<string, string>();
  const questionIdByKey = new Map<string, string>();
  const questionKeyById = new Map<string, string>();
  const optionIdByValue = new Map<string, Map<string, string>>();
  const optionById = new Map<string, { questionKey: string; value: string }>();
  const questionOrder = new Map<string, number>();

  const sectionDefs: SectionDefinition[] = [];
  for (const s of sections) {
    const qs = questionsBySection.get(s.id) ?? [];
    const defs: QuestionDefinition[] = [];
    let sectionKey: string | null = null;
    for (const q of qs) {
      const config = parseConfig(q.config);
      const key = config?.key ?? `q_${q.id.replace(/-/g, '').slice(-12)}`;
      sectionKey ??= config?.sectionKey ?? null;
      questionIdByKey.set(key, q.id);
      questionKeyById.set(q.id, key);
      questionOrder.set(q.id, questionOrder.size);
      const opts = optionsByQuestion.get(q.id) ?? [];
      const byValue = new Map<string, string>();
      for (const o of opts) {
        byValue.set(o.value, o.id);
        optionById.set(o.id, { questionKey: key, value: o.value });
      }
      optionIdByValue.set(key, byValue);
      defs.push(
        questionFromRow(
          q,
          key,
          config,
          opts.map((o) => ({ value: o.value, text: o.text, score: o.score })),
        ),
      );
    }
    const key = sectionKey ?? `s_${s.id.replace(/-/g, '').slice(-12)}`;
    sectionIdByKey.set(key, s.id);
    sectionDefs.push({
      key,
      title: s.title,
      ...(s.description !== null ? { description: s.description } : {}),
      isOptional: Number(s.is_optional) === 1,
      questions: defs,
    });
  }

  const rangesByCategory = new Map<string, RangeDefinition[]>();
  for (const r of ranges) {
    const list = rangesByCategory.get(r.category_id) ?? [];
    list.push({ minValue: r.min_value, maxValue: r.max_value, label: r.label ?? '', interpretation: r.interpretation });
    rangesByCategory.set(r.category_id, list);
  }
  const categoryIdByCode = new Map<string, string>();
  const categoryCodeById = new Map<string, string>();
  const categoryOrder = new Map<string, number>();
  const categoryDefs: CategoryDefinition[] = categories.map((c, k) => {
    const code = c.code ?? `c_${c.id.replace(/-/g, '').slice(-12)}`;
    categoryIdByCode.set(code, c.id);
    categoryCodeById.set(c.id, code);
    categoryOrder.set(c.id, k);
    return {
      code,
      name: c.name,
      ...(c.description !== null ? { description: c.description } : {}),
      minScore: c.min_score,
      maxScore: c.max_score,
      ranges: rangesByCategory.get(c.id) ?? [],
    };
  });

  const ruleDefs: RuleDefinition[] = rules
    .filter((r) => questionKeyById.has(r.question_id) && categoryCodeById.has(r.category_id))
    .sort(
      (a, b) =>
        (categoryOrder.get(a.category_id) ?? 0) - (categoryOrder.get(b.category_id) ?? 0) ||
        (questionOrder.get(a.question_id) ?? 0) - (questionOrder.get(b.question_id) ?? 0),
    )
    .map((r) => ({
      questionKey: questionKeyById.get(r.question_id)!,
      categoryCode: categoryCodeById.get(r.category_id)!,
      weight: Number(r.weight),
      ...(r.formula !== null ? { formula: r.formula } : {}),
    }));

  const definition: QuestionnaireDefinition = {
    format: QUESTIONNAIRE_FORMAT,
    formatVersion: QUESTIONNAIRE_FORMAT_VERSION,
    code: row.code,
    version: row.version,
    title: row.title,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.instructions !== null ? { instructions: row.instructions } : {}),
    category: row.category,
    ...(row.estimatedTimeMinutes !== null ? { estimatedTimeMinutes: row.estimatedTimeMinutes } : {}),
    sections: sectionDefs,
    categories: categoryDefs,
    rules: ruleDefs,
  };
  return {
    row,
    definition,
    ids: {
      sectionIdByKey,
      questionIdByKey,
      questionKeyById,
      optionIdByValue,
      optionById,
      categoryIdByCode,
      categoryCodeById,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface NewQuestionnaireMeta {
  readonly createdBy: string;
  readonly isTemplate: boolean;
  readonly isActive: boolean;
  readonly publishedAt: string | null;
  readonly previousVersionId: string | null;
}

function headerColumns(def: QuestionnaireDefinition) {
  return {
    title: def.title,
    description: def.description ?? null,
    instructions: def.instructions ?? null,
    category: def.category,
    estimated_time_minutes: def.estimatedTimeMinutes ?? null,
  };
}

/** Inserts a whole definition as a new questionnaire row (with `def.code` and `def.version`); returns its id. */
export async function insertQuestionnaire(
  tx: LocalTx,
  def: QuestionnaireDefinition,
  meta: NewQuestionnaireMeta,
): Promise<string> {
  const id = tx.newId();
  await tx.insert('questionnaires', {
    id,
    ...headerColumns(def),
    is_active: meta.isActive ? 1 : 0,
    is_template: meta.isTemplate ? 1 : 0,
    created_by: meta.createdBy,
    code: def.code,
    version: def.version,
    previous_version_id: meta.previousVersionId,
    published_at: meta.publishedAt,
  });
  await writeChildren(tx, id, def, null);
  return id;
}

/** Applies `def` to an existing questionnaire in place (header and children, as a diff). */
export async function updateQuestionnaireInPlace(
  tx: LocalTx,
  current: LoadedQuestionnaire,
  def: QuestionnaireDefinition,
): Promise<void> {
  await tx.update('questionnaires', current.row.id, headerColumns(def));
  await writeChildren(tx, current.row.id, def, current);
}

async function upsert(
  tx: LocalTx,
  table: SyncedTable,
  id: string | undefined,
  values: Record<string, unknown>,
): Promise<string> {
  if (id !== undefined) {
    await tx.update(table, id, values);
    return id;
  }
  const newId = tx.newId();
  await tx.insert(table, { id: newId, ...values });
  return newId;
}

async function writeChildren(
  tx: LocalTx,
  questionnaireId: string,
  def: QuestionnaireDefinition,
  current: LoadedQuestionnaire | null,
): Promise<void> {
  const db = tx.db;
  const keep = { sections: new Set<string>(), questions: new Set<string>(), options: new Set<string>() };
  const existingOptions = current?.ids.optionIdByValue ?? new Map<string, ReadonlyMap<string, string>>();

  const questionIds = new Map<string, string>();
  for (const [i, section] of def.sections.entries()) {
    const sectionId = await upsert(tx, 'questionnaire_sections', current?.ids.sectionIdByKey.get(section.key), {
      questionnaire_id: questionnaireId,
      title: section.title,
      description: section.description ?? null,
      order_index: i,
      is_optional: section.isOptional ? 1 : 0,
    });
    keep.sections.add(sectionId);
    for (const [j, q] of section.questions.entries()) {
      const questionId = await upsert(tx, 'questions', current?.ids.questionIdByKey.get(q.key), {
        section_id: sectionId,
        text: q.text,
        question_type: q.type,
        order_index: j,
        is_required: q.isRequired ? 1 : 0,
        help_text: q.helpText ?? null,
        config: storedConfig(q, section.key),
      });
      keep.questions.add(questionId);
      questionIds.set(q.key, questionId);
      const known = existingOptions.get(q.key);
      for (const [k, o] of q.options.entries()) {
        const optionId = await upsert(tx, 'question_options', known?.get(o.value), {
          question_id: questionId,
          text: o.text,
          value: o.value,
          order_index: k,
          score: o.score ?? null,
        });
        keep.options.add(optionId);
      }
    }
  }

  const categoryIds = new Map<string, string>();
  const keepCategories = new Set<string>();
  const keepRanges = new Set<string>();
  const existingRanges = new Map<string, string[]>();
  if (current) {
    const rows = await db
      .selectFrom('interpretation_ranges')
      .select(['id', 'category_id'])
      .where('category_id', 'in', [...current.ids.categoryIdByCode.values(), ''])
      .where('deleted_at', 'is', null)
      .orderBy('min_value')
      .orderBy('max_value')
      .orderBy('id')
      .execute();
    for (const r of rows) existingRanges.set(r.category_id, [...(existingRanges.get(r.category_id) ?? []), r.id]);
  }
  for (const [i, c] of def.categories.entries()) {
    const categoryId = await upsert(tx, 'scoring_categories', current?.ids.categoryIdByCode.get(c.code), {
      questionnaire_id: questionnaireId,
      name: c.name,
      description: c.description ?? null,
      min_score: c.minScore,
      max_score: c.maxScore,
      code: c.code,
      order_index: i,
    });
    keepCategories.add(categoryId);
    categoryIds.set(c.code, categoryId);
    const known = existingRanges.get(categoryId) ?? [];
    const sorted = [...c.ranges].sort((a, b) => a.minValue - b.minValue || a.maxValue - b.maxValue);
    for (const [k, r] of sorted.entries()) {
      const rangeId = await upsert(tx, 'interpretation_ranges', known[k], {
        category_id: categoryId,
        min_value: r.minValue,
        max_value: r.maxValue,
        interpretation: r.interpretation,
        label: r.label,
      });
      keepRanges.add(rangeId);
    }
  }

  const existingRules = new Map<string, string>();
  if (current) {
    const rows = await db
      .selectFrom('scoring_rules')
      .select(['id', 'question_id', 'category_id'])
      .where('category_id', 'in', [...current.ids.categoryIdByCode.values(), ''])
      .where('deleted_at', 'is', null)
      .execute();
    for (const r of rows) existingRules.set(`${r.question_id}|${r.category_id}`, r.id);
  }
  const keepRules = new Set<string>();
  for (const rule of canonicalDefinition(def).rules) {
    const questionId = questionIds.get(rule.questionKey);
    const categoryId = categoryIds.get(rule.categoryCode);
    if (questionId === undefined || categoryId === undefined) continue; // refused earlier by definitionProblems
    const ruleId = await upsert(tx, 'scoring_rules', existingRules.get(`${questionId}|${categoryId}`), {
      question_id: questionId,
      category_id: categoryId,
      weight: rule.weight,
      formula: rule.formula ?? null,
    });
    keepRules.add(ruleId);
  }

  if (!current) return;
  // Tombstones: everything of the old definition that the new one no longer has.
  for (const id of existingRules.values()) if (!keepRules.has(id)) await tx.softDelete('scoring_rules', id);
  for (const ids of existingRanges.values()) {
    for (const id of ids) if (!keepRanges.has(id)) await tx.softDelete('interpretation_ranges', id);
  }
  for (const id of current.ids.categoryIdByCode.values()) {
    if (!keepCategories.has(id)) await tx.softDelete('scoring_categories', id);
  }
  for (const byValue of current.ids.optionIdByValue.values()) {
    for (const id of byValue.values()) if (!keep.options.has(id)) await tx.softDelete('question_options', id);
  }
  for (const id of current.ids.questionIdByKey.values())
    if (!keep.questions.has(id)) await tx.softDelete('questions', id);
  for (const id of current.ids.sectionIdByKey.values())
    if (!keep.sections.has(id)) await tx.softDelete('questionnaire_sections', id);
}
