/**
 * Document templates in the local store: document_templates, template_sections, template_variables
 * ⇄ the pure `TemplateDefinition` of src/shared/domain/templates.
 *
 * What the data model has no column for travels in JSON:
 *  - document_templates.content (TEXT, "HTML ou base64" in the spec) holds a small JSON header:
 *      sections templates: { "kind": "sections", "code": "document-de-synthese"|null, "showTitle": true,
 *                            "sections": { "<section id>": { "key": "en-tete", "showTitle": false } } }
 *      Word templates:     { "kind": "word", "fileName", "sha256", "size", "placeholders": [...] } — the
 *                          .docx itself is a content-addressed file (blob store, synced by hash).
 *  - template_variables.validation_rules: { "format": "hours", "retired": true } — a variable removed
 *    from the catalogue is retired, not deleted (the (template_id, name) key stays unique, so it can come
 *    back without a conflict).
 */
import type { Kysely } from 'kysely';
import type {
  ConditionOperator,
  TemplateCategory,
  TemplateDefinition,
  TemplateSection,
  VariableDef,
  VariableFormat,
} from '../../shared/domain/templates/template.types.js';
import { VARIABLE_FORMATS } from '../../shared/domain/templates/template.types.js';
import type { LocalTx } from '../db/sqlite/local-writer.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export interface SectionsTemplateContent {
  readonly kind: 'sections';
  readonly code: string | null;
  readonly showTitle: boolean;
  readonly sections: Readonly<Record<string, { readonly key: string; readonly showTitle: boolean }>>;
}

export interface WordTemplateContent {
  readonly kind: 'word';
  readonly code: null;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
  readonly placeholders: readonly string[];
}

export type TemplateContent = SectionsTemplateContent | WordTemplateContent;

export interface TemplateRow {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly category: TemplateCategory;
  readonly format: 'docx' | 'pdf' | 'html';
  readonly version: string;
  readonly isActive: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly content: TemplateContent;
}

export interface SectionRow {
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly orderIndex: number;
  readonly content: string;
  readonly isOptional: boolean;
  readonly showTitle: boolean;
  readonly condition: { variable: string; operator: ConditionOperator; value: string | null } | null;
}

export interface VariableRow {
  readonly id: string;
  readonly def: VariableDef;
  readonly retired: boolean;
}

/** A template with its sections and live variables, as the pure model plus the row ids. */
export interface LoadedTemplate {
  readonly row: TemplateRow;
  readonly sections: readonly SectionRow[];
  readonly variables: readonly VariableRow[];
  readonly definition: TemplateDefinition;
}

export function parseTemplateContent(text: string): TemplateContent {
  try {
    const parsed = JSON.parse(text) as Partial<TemplateContent> | null;
    if (parsed && parsed.kind === 'word' && typeof parsed.sha256 === 'string') {
      return {
        kind: 'word',
        code: null,
        fileName: typeof parsed.fileName === 'string' ? parsed.fileName : 'modele.docx',
        sha256: parsed.sha256,
        size: typeof parsed.size === 'number' ? parsed.size : 0,
        placeholders: Array.isArray(parsed.placeholders)
          ? parsed.placeholders.filter((p) => typeof p === 'string')
          : [],
      };
    }
    if (parsed && parsed.kind === 'sections') {
      return {
        kind: 'sections',
        code: typeof parsed.code === 'string' ? parsed.code : null,
        showTitle: parsed.showTitle !== false,
        sections: parsed.sections && typeof parsed.sections === 'object' ? parsed.sections : {},
      };
    }
  } catch {
    // Content written by another tool (plain HTML): a sections template without metadata.
  }
  return { kind: 'sections', code: null, showTitle: true, sections: {} };
}

function templateSelect(db: Db) {
  return db
    .selectFrom('document_templates')
    .select([
      'id',
      'name',
      'description',
      'category',
      'content',
      'format',
      'version',
      'is_active',
      'created_by',
      'created_at',
      'updated_at',
    ])
    .where('deleted_at', 'is', null);
}

type SelectedTemplate = Awaited<ReturnType<ReturnType<typeof templateSelect>['executeTakeFirstOrThrow']>>;

function toTemplate(r: SelectedTemplate): TemplateRow {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    category: r.category,
    format: r.format,
    version: r.version,
    isActive: r.is_active === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    content: parseTemplateContent(r.content),
  };
}

export async function listTemplateRows(db: Db): Promise<TemplateRow[]> {
  const rows = await templateSelect(db).orderBy('name').orderBy('id').execute();
  return rows.map(toTemplate);
}

export async function findTemplateRow(db: Db, id: string): Promise<TemplateRow | null> {
  const r = await templateSelect(db).where('id', '=', id).executeTakeFirst();
  return r ? toTemplate(r) : null;
}

/** The codes of the shipped templates already installed (whatever their state). */
export async function installedTemplateCodes(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('document_templates').select('content').execute();
  const codes = new Set<string>();
  for (const r of rows) {
    const content = parseTemplateContent(r.content);
    if (content.code) codes.add(content.code);
  }
  return codes;
}

function parseRules(text: string | null): { format?: VariableFormat; retired?: boolean } {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as { format?: unknown; retired?: unknown } | null;
    const out: { format?: VariableFormat; retired?: boolean } = {};
    if (typeof parsed?.format === 'string' && (VARIABLE_FORMATS as readonly string[]).includes(parsed.format)) {
      out.format = parsed.format as VariableFormat;
    }
    if (parsed?.retired === true) out.retired = true;
    return out;
  } catch {
    return {};
  }
}

export function rulesText(def: { format?: VariableFormat | null | undefined }, retired = false): string | null {
  const rules: Record<string, unknown> = {};
  if (def.format) rules.format = def.format;
  if (retired) rules.retired = true;
  return Object.keys(rules).length === 0 ? null : JSON.stringify(rules);
}

export async function sectionRowsOf(db: Db, template: TemplateRow): Promise<SectionRow[]> {
  const rows = await db
    .selectFrom('template_sections')
    .select([
      'id',
      'title',
      'order_index',
      'content',
      'is_optional',
      'condition_variable',
      'condition_operator',
      'condition_value',
    ])
    .where('template_id', '=', template.id)
    .where('deleted_at', 'is', null)
    .orderBy('order_index')
    .orderBy('id')
    .execute();
  const meta = template.content.kind === 'sections' ? template.content.sections : {};
  return rows.map((r, i) => ({
    id: r.id,
    key: meta[r.id]?.key ?? `section-${i + 1}`,
    title: r.title,
    orderIndex: r.order_index,
    content: r.content,
    isOptional: r.is_optional === 1,
    showTitle: meta[r.id]?.showTitle ?? true,
    condition:
      r.condition_variable !== null && r.condition_operator !== null
        ? { variable: r.condition_variable, operator: r.condition_operator, value: r.condition_value }
        : null,
  }));
}

export async function variableRowsOf(db: Db, templateId: string): Promise<VariableRow[]> {
  const rows = await db
    .selectFrom('template_variables')
    .select(['id', 'name', 'description', 'variable_type', 'is_required', 'default_value', 'validation_rules'])
    .where('template_id', '=', templateId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => {
    const rules = parseRules(r.validation_rules);
    const def: VariableDef = {
      name: r.name,
      type: r.variable_type,
      isRequired: r.is_required === 1,
      ...(r.default_value !== null ? { defaultValue: r.default_value } : {}),
      ...(r.description !== null ? { description: r.description } : {}),
      ...(rules.format ? { format: rules.format } : {}),
    };
    return { id: r.id, def, retired: rules.retired === true };
  });
}

export function toSection(s: SectionRow): TemplateSection {
  return {
    key: s.key,
    title: s.title,
    orderIndex: s.orderIndex,
    content: s.content,
    isOptional: s.isOptional,
    showTitle: s.showTitle,
    condition: s.condition
      ? { variable: s.condition.variable, operator: s.condition.operator, value: s.condition.value }
      : null,
  };
}

export async function loadTemplate(db: Db, id: string): Promise<LoadedTemplate | null> {
  const row = await findTemplateRow(db, id);
  if (!row) return null;
  const [sections, variables] = await Promise.all([sectionRowsOf(db, row), variableRowsOf(db, id)]);
  const live = variables.filter((v) => !v.retired);
  return {
    row,
    sections,
    variables,
    definition: {
      code: row.content.code ?? row.id,
      name: row.name,
      ...(row.description !== null ? { description: row.description } : {}),
      category: row.category,
      version: row.version,
      sections: sections.map(toSection),
      variables: live.map((v) => v.def),
    },
  };
}

/** Section counts and generated-document counts per template. */
export async function templateCounts(
  db: Db,
): Promise<{ sections: Map<string, number>; documents: Map<string, number> }> {
  const sections = await db
    .selectFrom('template_sections')
    .select(['template_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .groupBy('template_id')
    .execute();
  const documents = await db
    .selectFrom('documents')
    .select(['template_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .where('template_id', 'is not', null)
    .groupBy('template_id')
    .execute();
  return {
    sections: new Map(sections.map((r) => [r.template_id, Number(r.n)])),
    documents: new Map(documents.map((r) => [r.template_id as string, Number(r.n)])),
  };
}

/** Inserts a complete sections template (a shipped one at setup, or a copy). Returns its id. */
export async function insertTemplateDefinition(
  tx: LocalTx,
  def: TemplateDefinition,
  options: { createdBy: string; code: string | null; showTitle: boolean },
): Promise<string> {
  const id = tx.newId();
  const sectionIds = def.sections.map(() => tx.newId());
  const meta: Record<string, { key: string; showTitle: boolean }> = {};
  def.sections.forEach((s, i) => {
    meta[sectionIds[i] as string] = { key: s.key, showTitle: s.showTitle !== false };
  });
  const content: SectionsTemplateContent = {
    kind: 'sections',
    code: options.code,
    showTitle: options.showTitle,
    sections: meta,
  };
  await tx.insert('document_templates', {
    id,
    name: def.name,
    description: def.description ?? null,
    category: def.category,
    content: JSON.stringify(content),
    format: 'docx',
    version: def.version ?? '1',
    is_active: 1,
    created_by: options.createdBy,
  });
  for (const [i, s] of def.sections.entries()) {
    await tx.insert('template_sections', {
      id: sectionIds[i],
      template_id: id,
      title: s.title,
      is_optional: s.isOptional ? 1 : 0,
      condition_variable: s.condition?.variable ?? null,
      condition_operator: s.condition ? s.condition.operator : null,
      condition_value: s.condition?.value ?? null,
      order_index: s.orderIndex,
      content: s.content,
    });
  }
  for (const v of def.variables) await insertVariable(tx, id, v);
  return id;
}

export async function insertVariable(tx: LocalTx, templateId: string, v: VariableDef): Promise<void> {
  await tx.insert('template_variables', {
    id: tx.newId(),
    template_id: templateId,
    name: v.name,
    description: v.description ?? null,
    variable_type: v.type,
    is_required: v.isRequired ? 1 : 0,
    default_value: v.defaultValue ?? null,
    validation_rules: rulesText(v),
  });
}

/** Inserts a Word template row (the .docx is already in the blob store). */
export async function insertWordTemplate(
  tx: LocalTx,
  input: {
    name: string;
    description: string | null;
    category: TemplateCategory;
    createdBy: string;
    content: WordTemplateContent;
  },
): Promise<string> {
  const id = tx.newId();
  await tx.insert('document_templates', {
    id,
    name: input.name,
    description: input.description,
    category: input.category,
    content: JSON.stringify(input.content),
    format: 'docx',
    version: '1',
    is_active: 1,
    created_by: input.createdBy,
  });
  return id;
}
