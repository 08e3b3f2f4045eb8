/**
 * Group 4 — Questionnaires et tests (data-model.fr.md §4).
 */
import type { TableDef } from '../catalog-types.js';

export const questionnaires = {
  name: 'questionnaires',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    title: { kind: 'varchar', length: 255 },
    description: { kind: 'text', nullable: true },
    instructions: { kind: 'text', nullable: true },
    category: { kind: 'enum', values: ['skills', 'personality', 'interests', 'values', 'other'] },
    estimated_time_minutes: { kind: 'integer', nullable: true, min: 1 },
    is_active: { kind: 'boolean', default: true },
    is_template: { kind: 'boolean', default: false },
    created_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: stable code shared by all versions of one questionnaire (e.g. 'riasec').
    code: { kind: 'varchar', length: 100, nullable: true },
    // extension: version number; a published questionnaire is never edited, a new version is made.
    version: { kind: 'integer', default: 1, min: 1 },
    // extension: the version this one was derived from.
    previous_version_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'questionnaires', onDelete: 'set null' },
    },
    // extension: when this version was published (NULL while being drafted).
    published_at: { kind: 'timestamptz', nullable: true },
  },
  uniques: [{ name: 'questionnaires_code_version_key', columns: ['code', 'version'] }],
  indexes: [
    { name: 'questionnaires_created_by_idx', columns: ['created_by'] },
    { name: 'questionnaires_previous_version_id_idx', columns: ['previous_version_id'] },
  ],
} as const satisfies TableDef;

export const questionnaireSections = {
  name: 'questionnaire_sections',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    questionnaire_id: {
      kind: 'uuid',
      references: { table: 'questionnaires', onDelete: 'cascade' },
    },
    title: { kind: 'varchar', length: 255 },
    description: { kind: 'text', nullable: true },
    order_index: { kind: 'integer' },
    is_optional: { kind: 'boolean', default: false },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [{ name: 'questionnaire_sections_questionnaire_id_idx', columns: ['questionnaire_id'] }],
} as const satisfies TableDef;

export const questions = {
  name: 'questions',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    section_id: {
      kind: 'uuid',
      references: { table: 'questionnaire_sections', onDelete: 'cascade' },
    },
    text: { kind: 'text' },
    question_type: {
      kind: 'enum',
      values: ['multiple_choice', 'single_choice', 'scale', 'text', 'matrix'],
    },
    order_index: { kind: 'integer' },
    is_required: { kind: 'boolean', default: true },
    help_text: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: type-specific settings (scale min/max/labels, matrix rows/columns).
    config: { kind: 'jsonb', nullable: true },
  },
  indexes: [{ name: 'questions_section_id_idx', columns: ['section_id'] }],
} as const satisfies TableDef;

export const questionOptions = {
  name: 'question_options',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    question_id: { kind: 'uuid', references: { table: 'questions', onDelete: 'cascade' } },
    text: { kind: 'text' },
    value: { kind: 'varchar', length: 255 },
    order_index: { kind: 'integer' },
    score: { kind: 'integer', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [{ name: 'question_options_question_id_idx', columns: ['question_id'] }],
} as const satisfies TableDef;

export const scoringCategories = {
  name: 'scoring_categories',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    questionnaire_id: {
      kind: 'uuid',
      references: { table: 'questionnaires', onDelete: 'cascade' },
    },
    name: { kind: 'varchar', length: 255 },
    description: { kind: 'text', nullable: true },
    min_score: { kind: 'integer' },
    max_score: { kind: 'integer' },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: stable code of the category (e.g. RIASEC 'R'), for scoring and reports.
    code: { kind: 'varchar', length: 100, nullable: true },
    // extension: display order in results and reports.
    order_index: { kind: 'integer', default: 0 },
  },
  checks: [{ name: 'scoring_categories_score_range_chk', sql: 'min_score <= max_score' }],
  indexes: [{ name: 'scoring_categories_questionnaire_id_idx', columns: ['questionnaire_id'] }],
} as const satisfies TableDef;

export const scoringRules = {
  name: 'scoring_rules',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    question_id: { kind: 'uuid', references: { table: 'questions', onDelete: 'cascade' } },
    category_id: {
      kind: 'uuid',
      references: { table: 'scoring_categories', onDelete: 'cascade' },
    },
    // 1.00 = 100 hundredths.
    weight: { kind: 'decimal2', length: 5, default: 100 },
    formula: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [
    { name: 'scoring_rules_question_id_idx', columns: ['question_id'] },
    { name: 'scoring_rules_category_id_idx', columns: ['category_id'] },
  ],
} as const satisfies TableDef;

export const interpretationRanges = {
  name: 'interpretation_ranges',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    category_id: {
      kind: 'uuid',
      references: { table: 'scoring_categories', onDelete: 'cascade' },
    },
    min_value: { kind: 'integer' },
    max_value: { kind: 'integer' },
    interpretation: { kind: 'text' },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: short label of the range (e.g. "Élevé") shown next to the score.
    label: { kind: 'varchar', length: 255, nullable: true },
  },
  checks: [{ name: 'interpretation_ranges_value_range_chk', sql: 'min_value <= max_value' }],
  indexes: [{ name: 'interpretation_ranges_category_id_idx', columns: ['category_id'] }],
} as const satisfies TableDef;

export const questionnaireAssignments = {
  name: 'questionnaire_assignments',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    // The questionnaire is referenced, not owned: it cannot be deleted while assigned.
    questionnaire_id: {
      kind: 'uuid',
      references: { table: 'questionnaires', onDelete: 'restrict' },
    },
    assessment_id: { kind: 'uuid', references: { table: 'assessments', onDelete: 'cascade' } },
    assigned_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    assigned_to: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    status: { kind: 'enum', values: ['assigned', 'in_progress', 'completed', 'cancelled'] },
    assigned_date: { kind: 'timestamptz', default: 'now' },
    due_date: { kind: 'timestamptz', nullable: true },
    completion_date: { kind: 'timestamptz', nullable: true },
    notes: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  // No completion_date >= assigned_date check: they are written on different devices (clock skew).
  checks: [{ name: 'questionnaire_assignments_due_date_chk', sql: 'due_date >= assigned_date' }],
  indexes: [
    { name: 'questionnaire_assignments_questionnaire_id_idx', columns: ['questionnaire_id'] },
    { name: 'questionnaire_assignments_assessment_id_idx', columns: ['assessment_id'] },
    { name: 'questionnaire_assignments_assigned_by_idx', columns: ['assigned_by'] },
    { name: 'questionnaire_assignments_assigned_to_idx', columns: ['assigned_to'] },
  ],
} as const satisfies TableDef;

export const questionnaireResponses = {
  name: 'questionnaire_responses',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assignment_id: {
      kind: 'uuid',
      references: { table: 'questionnaire_assignments', onDelete: 'cascade' },
    },
    started_at: { kind: 'timestamptz', default: 'now' },
    completed_at: { kind: 'timestamptz', nullable: true },
    time_spent_seconds: { kind: 'integer', nullable: true, min: 0 },
    ip_address: { kind: 'varchar', length: 45, nullable: true },
    user_agent: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [{ name: 'questionnaire_responses_completed_at_chk', sql: 'completed_at >= started_at' }],
  indexes: [{ name: 'questionnaire_responses_assignment_id_idx', columns: ['assignment_id'] }],
} as const satisfies TableDef;

export const questionAnswers = {
  name: 'question_answers',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    response_id: {
      kind: 'uuid',
      references: { table: 'questionnaire_responses', onDelete: 'cascade' },
    },
    // A question that has answers cannot be deleted (publish a new questionnaire version instead).
    question_id: { kind: 'uuid', references: { table: 'questions', onDelete: 'restrict' } },
    answer_text: { kind: 'text', nullable: true },
    selected_options: { kind: 'uuid[]', nullable: true },
    scale_value: { kind: 'integer', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: structured answers the other columns cannot hold (matrix answers).
    answer_data: { kind: 'jsonb', nullable: true },
  },
  uniques: [{ name: 'question_answers_response_id_question_id_key', columns: ['response_id', 'question_id'] }],
  indexes: [{ name: 'question_answers_question_id_idx', columns: ['question_id'] }],
} as const satisfies TableDef;

export const responseScores = {
  name: 'response_scores',
  group: 'questionnaires',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    response_id: {
      kind: 'uuid',
      references: { table: 'questionnaire_responses', onDelete: 'cascade' },
    },
    category_id: {
      kind: 'uuid',
      references: { table: 'scoring_categories', onDelete: 'restrict' },
    },
    raw_score: { kind: 'integer' },
    normalized_score: { kind: 'decimal2', length: 5, nullable: true },
    percentile: { kind: 'integer', nullable: true, min: 0, max: 100 },
    interpretation: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  uniques: [{ name: 'response_scores_response_id_category_id_key', columns: ['response_id', 'category_id'] }],
  indexes: [{ name: 'response_scores_category_id_idx', columns: ['category_id'] }],
} as const satisfies TableDef;
