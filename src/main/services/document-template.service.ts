/**
 * Document templates: the five shipped French templates installed at setup (idempotent, by code),
 * the editor (sections in order with content in the template syntax and display conditions, the
 * variable catalogue, the version bumped on each save), previews with a chosen bilan or the sample
 * context, and the firm's own Word templates (.docx with `{{placeholders}}`, checked on upload).
 */
import { unzipSync } from 'fflate';
import type { SessionUser } from '../../shared/api/app.api.js';
import type {
  PreviewBlock,
  PreviewResult,
  TemplateDetail,
  TemplateSummary,
  TemplateVariableInput,
} from '../../shared/api/documents.api.js';
import { WORD_TEMPLATE_MAX_BYTES } from '../../shared/api/documents.api.js';
import {
  DEFAULT_TEMPLATES,
  SAMPLE_TEMPLATE_CONTEXT,
  STANDARD_VARIABLES,
  catalogueFor,
} from '../../shared/content/templates/index.js';
import { hasPermission } from '../../shared/domain/permissions.js';
import { TemplateSyntaxError } from '../../shared/domain/templates/content-parser.js';
import { renderTemplateWithReport } from '../../shared/domain/templates/template-renderer.js';
import type {
  ConditionOperator,
  TemplateCategory,
  TemplateContext,
  TemplateSection,
  VariableDef,
} from '../../shared/domain/templates/template.types.js';
import { extractVariables } from '../../shared/domain/templates/variable-checker.js';
import { findVariableDef, isKnownVariable } from '../../shared/domain/templates/variable-resolver.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { LocalTx } from '../db/sqlite/local-writer.js';
import { inspectWordTemplate } from '../documents/word-template.js';
import {
  findTemplateRow,
  insertTemplateDefinition,
  insertVariable,
  insertWordTemplate,
  installedTemplateCodes,
  listTemplateRows,
  loadTemplate,
  rulesText,
  templateCounts,
  type LoadedTemplate,
  type SectionsTemplateContent,
  type TemplateRow,
  type WordTemplateContent,
} from '../repositories/document-template.repository.js';
import { logActivity } from './activity.js';
import { chartImages } from './document-context.service.js';
import { decodeBase64, encodeBase64, type DocumentFiles } from './document-files.js';
import type { ServiceContext } from './service-context.js';

/** The document title is written at the top of every shipped template except the letter. */
const NO_TITLE_CODES = new Set(['courrier-suivi-6-mois']);

/**
 * Installs the shipped templates that are not there yet (matched by code, whatever their state: a
 * template the firm deactivated or edited is left alone). Returns how many were installed.
 */
export async function installDefaultTemplates(tx: LocalTx, createdBy: string): Promise<number> {
  const codes = await installedTemplateCodes(tx.db);
  let installed = 0;
  for (const def of DEFAULT_TEMPLATES) {
    if (codes.has(def.code)) continue;
    await insertTemplateDefinition(tx, def, { createdBy, code: def.code, showTitle: !NO_TITLE_CODES.has(def.code) });
    installed++;
  }
  return installed;
}

/** "1" → "2", "1.4" → "1.5", "v2-beta" → "v2-beta.1" (at most 50 characters). */
export function bumpVersion(version: string): string {
  const match = /^(.*?)(\d+)$/.exec(version.trim());
  const next = match ? `${match[1] ?? ''}${Number(match[2]) + 1}` : `${version.trim() || '1'}.1`;
  return next.slice(-50);
}

function toVariableInput(def: VariableDef): TemplateVariableInput {
  return {
    name: def.name,
    type: def.type,
    isRequired: def.isRequired,
    defaultValue: def.defaultValue ?? null,
    description: def.description ?? null,
    format: def.format ?? null,
  };
}

function toVariableDef(v: TemplateVariableInput): VariableDef {
  return {
    name: v.name,
    type: v.type,
    isRequired: v.isRequired,
    ...(v.defaultValue !== null && v.defaultValue !== '' ? { defaultValue: v.defaultValue } : {}),
    ...(v.description ? { description: v.description } : {}),
    ...(v.format ? { format: v.format } : {}),
  };
}

export interface SectionInput {
  readonly id?: string | undefined;
  readonly key: string;
  readonly title: string;
  readonly content: string;
  readonly isOptional: boolean;
  readonly showTitle: boolean;
  readonly condition: { variable: string; operator: ConditionOperator; value: string | null } | null;
}

export function toSections(input: readonly SectionInput[]): TemplateSection[] {
  return input.map((s, i) => ({
    key: s.key,
    title: s.title,
    orderIndex: i,
    content: s.content,
    isOptional: s.isOptional,
    showTitle: s.showTitle,
    condition: s.condition
      ? { variable: s.condition.variable, operator: s.condition.operator, value: s.condition.value }
      : null,
  }));
}

/** The catalogue a Word template is checked and filled with: its own entries, then the standard ones. */
export function wordCatalogue(t: LoadedTemplate): VariableDef[] {
  return [...t.definition.variables, ...STANDARD_VARIABLES];
}

/** Placeholders of a Word template that are not variables of the catalogue, or not variables at all. */
function wordProblems(
  placeholders: readonly string[],
  catalogue: readonly VariableDef[],
): { unknown: string[]; invalid: string[] } {
  const unknown: string[] = [];
  const invalid: string[] = [];
  for (const key of placeholders) {
    const [path = '', filter, ...extra] = key.split('|');
    const name = path.trim();
    if (
      extra.length > 0 ||
      !/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(name) ||
      (filter !== undefined && filter.trim() === '')
    ) {
      invalid.push(key);
    } else if (!isKnownVariable(catalogue, name.replace(/\.\d+(?=\.|$)/g, ''))) {
      unknown.push(key);
    }
  }
  return { unknown, invalid };
}

export class DocumentTemplateService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly files: DocumentFiles,
    private readonly fontsDir?: string,
  ) {}

  private canUse(user: SessionUser): boolean {
    return hasPermission(user, 'documents.generate') || hasPermission(user, 'settings.manage');
  }

  private requireUse(user: SessionUser): void {
    if (!this.canUse(user)) throw new ForbiddenError('documents.generate');
  }

  private requireEdit(user: SessionUser): void {
    if (!hasPermission(user, 'settings.manage')) throw new ForbiddenError('settings.manage');
  }

  /** Installs the shipped templates missing on this device (data folders created before them). */
  async ensureDefaults(user: SessionUser): Promise<number> {
    const codes = await installedTemplateCodes(this.ctx.db);
    if (DEFAULT_TEMPLATES.every((d) => codes.has(d.code))) return 0;
    return this.ctx.write(user.id, (tx) => installDefaultTemplates(tx, user.id));
  }

  async installDefaults(user: SessionUser): Promise<{ installed: number }> {
    this.requireEdit(user);
    return { installed: await this.ensureDefaults(user) };
  }

  async load(id: string): Promise<LoadedTemplate> {
    const t = await loadTemplate(this.ctx.db, id);
    if (!t) throw new NotFoundError('document_template', id);
    return t;
  }

  /** Active templates usable to generate documents. */
  async active(): Promise<TemplateRow[]> {
    return (await listTemplateRows(this.ctx.db)).filter((t) => t.isActive);
  }

  /** The template of the synthesis: the shipped one when active, else any active synthesis template. */
  async synthesisTemplate(): Promise<TemplateRow | null> {
    const rows = (await this.active()).filter((t) => t.category === 'synthesis');
    return rows.find((t) => t.content.code === 'document-de-synthese') ?? rows[0] ?? null;
  }

  /** The installed template with a shipped code (e.g. the attendance sheet), active or not. */
  async byCode(code: string): Promise<TemplateRow | null> {
    return (await listTemplateRows(this.ctx.db)).find((t) => t.content.code === code) ?? null;
  }

  async list(user: SessionUser): Promise<{ items: TemplateSummary[]; canEdit: boolean }> {
    this.requireUse(user);
    await this.ensureDefaults(user);
    const rows = await listTemplateRows(this.ctx.db);
    const counts = await templateCounts(this.ctx.db);
    return {
      items: rows.map((r) => this.summary(r, counts.sections.get(r.id) ?? 0, counts.documents.get(r.id) ?? 0)),
      canEdit: hasPermission(user, 'settings.manage'),
    };
  }

  private summary(r: TemplateRow, sectionCount: number, documentCount: number): TemplateSummary {
    return {
      id: r.id,
      code: r.content.code,
      name: r.name,
      description: r.description,
      category: r.category,
      format: r.format,
      kind: r.content.kind,
      version: r.version,
      isActive: r.isActive,
      sectionCount,
      documentCount,
      updatedAt: r.updatedAt,
    };
  }

  async get(user: SessionUser, id: string): Promise<TemplateDetail> {
    this.requireUse(user);
    return this.detail(await this.load(id), hasPermission(user, 'settings.manage'));
  }

  private async detail(t: LoadedTemplate, canEdit: boolean): Promise<TemplateDetail> {
    const counts = await templateCounts(this.ctx.db);
    const content = t.row.content;
    let word: TemplateDetail['word'] = null;
    if (content.kind === 'word') {
      const problems = wordProblems(content.placeholders, wordCatalogue(t));
      word = {
        fileName: content.fileName,
        size: content.size,
        sha256: content.sha256,
        placeholders: [...content.placeholders],
        ...problems,
      };
    }
    return {
      ...this.summary(t.row, t.sections.length, counts.documents.get(t.row.id) ?? 0),
      showTitle: content.kind === 'sections' ? content.showTitle : true,
      sections: t.sections.map((s) => ({
        id: s.id,
        key: s.key,
        title: s.title,
        orderIndex: s.orderIndex,
        content: s.content,
        isOptional: s.isOptional,
        showTitle: s.showTitle,
        condition: s.condition,
      })),
      variables: t.variables.filter((v) => !v.retired).map((v) => toVariableInput(v.def)),
      word,
      canEdit,
    };
  }

  /**
   * Refuses sections that do not parse, duplicate keys/names, and variables that neither the template's
   * catalogue nor the standard one describe. Returns the catalogue to store: the template's entries,
   * plus the standard entries its sections use (added automatically, as for the shipped templates).
   */
  private validate(
    sections: readonly SectionInput[],
    variables: readonly TemplateVariableInput[],
  ): { sections: TemplateSection[]; variables: TemplateVariableInput[] } {
    const keys = new Set<string>();
    sections.forEach((s, i) => {
      if (keys.has(s.key))
        throw new ValidationError(`sections.${i}.key`, 'duplicate_key', `Duplicate section key ${s.key}`);
      keys.add(s.key);
    });
    const names = new Set<string>();
    variables.forEach((v, i) => {
      if (names.has(v.name))
        throw new ValidationError(`variables.${i}.name`, 'duplicate_name', `Duplicate variable ${v.name}`);
      names.add(v.name);
    });
    const domain = toSections(sections);
    let used: string[];
    try {
      used = extractVariables(domain);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        const field = error.field ?? '';
        const index = domain.findIndex((s) => field.startsWith(`sections.${s.key}.`));
        const part = field.endsWith('.title') ? 'title' : 'content';
        throw new ValidationError(`sections.${Math.max(0, index)}.${part}`, 'template_syntax', error.message, {
          ...(error.details ?? {}),
          key: domain[index]?.key,
        });
      }
      throw error;
    }
    const catalogue = [...variables.map(toVariableDef), ...STANDARD_VARIABLES];
    const unknown = used.filter((name) => !isKnownVariable(catalogue, name));
    if (unknown.length > 0) {
      throw new ValidationError(
        'variables',
        'unknown_variables',
        `Variables not in the catalogue: ${unknown.join(', ')}`,
        {
          unknown,
        },
      );
    }
    const complete = catalogueFor(domain, { specific: variables.map(toVariableDef) }).map(toVariableInput);
    return { sections: domain, variables: complete };
  }

  async save(
    user: SessionUser,
    input: {
      id: string;
      name: string;
      description: string | null;
      category: TemplateCategory;
      isActive: boolean;
      showTitle: boolean;
      sections: readonly SectionInput[];
      variables: readonly TemplateVariableInput[];
    },
  ): Promise<TemplateDetail> {
    this.requireEdit(user);
    const t = await this.load(input.id);
    const isWord = t.row.content.kind === 'word';
    const variables = isWord ? input.variables : this.validate(input.sections, input.variables).variables;
    await this.ctx.write(user.id, async (tx) => {
      let changed = false;
      let content = t.row.content;
      if (!isWord) {
        const existing = new Map(t.sections.map((s) => [s.id, s]));
        const meta: Record<string, { key: string; showTitle: boolean }> = {};
        const kept = new Set<string>();
        for (const [i, s] of input.sections.entries()) {
          const row = {
            title: s.title,
            is_optional: s.isOptional ? 1 : 0,
            condition_variable: s.condition?.variable ?? null,
            condition_operator: s.condition?.operator ?? null,
            condition_value: s.condition ? (s.condition.value ?? null) : null,
            order_index: i,
            content: s.content,
          };
          const current = s.id !== undefined ? existing.get(s.id) : undefined;
          let id: string;
          if (current) {
            id = current.id;
            if (await tx.update('template_sections', id, row)) changed = true;
          } else {
            id = tx.newId();
            await tx.insert('template_sections', { id, template_id: t.row.id, ...row });
            changed = true;
          }
          kept.add(id);
          meta[id] = { key: s.key, showTitle: s.showTitle };
        }
        for (const s of t.sections) {
          if (!kept.has(s.id)) {
            await tx.softDelete('template_sections', s.id);
            changed = true;
          }
        }
        const prev = t.row.content;
        const nextContent: SectionsTemplateContent = {
          kind: 'sections',
          code: prev.code,
          showTitle: input.showTitle,
          sections: meta,
        };
        if (JSON.stringify(nextContent) !== JSON.stringify(prev)) changed = true;
        content = nextContent;

        const vars = new Map(t.variables.map((v) => [v.def.name, v]));
        const wanted = new Set(variables.map((v) => v.name));
        for (const v of variables) {
          const current = vars.get(v.name);
          const row = {
            description: v.description,
            variable_type: v.type,
            is_required: v.isRequired ? 1 : 0,
            default_value: v.defaultValue === '' ? null : v.defaultValue,
            validation_rules: rulesText({ format: v.format }),
          };
          if (current) {
            if (await tx.update('template_variables', current.id, row)) changed = true;
          } else {
            await insertVariable(tx, t.row.id, toVariableDef(v));
            changed = true;
          }
        }
        for (const v of t.variables) {
          if (!wanted.has(v.def.name) && !v.retired) {
            await tx.update('template_variables', v.id, { validation_rules: rulesText(v.def, true) });
            changed = true;
          }
        }
      }
      const head = {
        name: input.name,
        description: input.description,
        category: input.category,
        is_active: input.isActive ? 1 : 0,
        content: JSON.stringify(content),
      };
      if (await tx.update('document_templates', t.row.id, head)) changed = true;
      if (changed) {
        const version = bumpVersion(t.row.version);
        await tx.update('document_templates', t.row.id, { version });
        await logActivity(tx, {
          action: 'template.saved',
          entityType: 'document_template',
          entityId: t.row.id,
          details: { from: t.row.version, to: version },
        });
      }
    });
    return this.detail(await this.load(input.id), true);
  }

  /**
   * Renders sections (saved or being edited) with a context: a bilan's (built by the caller) or the
   * fictional sample. A syntax error is reported, not thrown, so the editor can point at it.
   */
  preview(
    input: { sections: readonly SectionInput[]; variables: readonly TemplateVariableInput[] },
    context: TemplateContext = SAMPLE_TEMPLATE_CONTEXT,
  ): PreviewResult {
    const sections = toSections(input.sections);
    // Standard variables the sections use join the catalogue on save: the preview reads them the same way.
    const catalogue = [...input.variables.map(toVariableDef), ...STANDARD_VARIABLES];
    try {
      const used = extractVariables(sections);
      const report = renderTemplateWithReport(sections, context, { catalogue, missing: 'marker' });
      const images = chartImages(context, report.images, this.fontsDir);
      return {
        // The document model is plain data; the contract's arrays are mutable versions of the same shapes.
        blocks: report.blocks as unknown as PreviewBlock[],
        missing: report.missing,
        unknown: used.filter((name) => !isKnownVariable(catalogue, name)),
        skippedSections: report.skippedSections,
        images: Object.fromEntries(Object.entries(images).map(([k, v]) => [k, encodeBase64(v)])),
        syntaxError: null,
      };
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        return {
          blocks: [],
          missing: [],
          unknown: [],
          skippedSections: [],
          images: {},
          syntaxError: {
            field: error.field ?? 'content',
            line: error.line,
            column: error.column,
            reason: typeof error.details?.reason === 'string' ? error.details.reason : error.message,
          },
        };
      }
      throw error;
    }
  }

  requirePreview(user: SessionUser): void {
    this.requireUse(user);
  }

  /** A firm's own .docx: checked (size, real zip with word/document.xml, readable placeholders) and stored. */
  async uploadWord(
    user: SessionUser,
    input: {
      name: string;
      description?: string | null | undefined;
      category: TemplateCategory;
      fileName: string;
      contentBase64: string;
    },
  ): Promise<TemplateDetail> {
    this.requireEdit(user);
    const bytes = decodeBase64(input.contentBase64, 'contentBase64');
    if (bytes.length > WORD_TEMPLATE_MAX_BYTES) {
      throw new ValidationError('contentBase64', 'file_too_large', 'The Word template exceeds 10 MB', {
        max: WORD_TEMPLATE_MAX_BYTES,
        size: bytes.length,
      });
    }
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
      throw new ValidationError('contentBase64', 'invalid_docx', 'Not a .docx file (not a ZIP archive)');
    }
    let entries: string[];
    try {
      entries = Object.keys(
        unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' || f.name === '[Content_Types].xml' }),
      );
    } catch {
      throw new ValidationError('contentBase64', 'invalid_docx', 'The ZIP archive is damaged');
    }
    if (!entries.includes('word/document.xml') || !entries.includes('[Content_Types].xml')) {
      throw new ValidationError('contentBase64', 'invalid_docx', 'The archive is not a Word document');
    }
    const placeholders = await inspectWordTemplate(bytes).catch((error: unknown) => {
      if (error instanceof ValidationError) throw new ValidationError('contentBase64', 'invalid_docx', error.message);
      throw error;
    });
    const stored = await this.files.store(bytes);
    const defs: VariableDef[] = [];
    for (const key of placeholders) {
      const name = (key.split('|')[0] ?? '').trim().replace(/\.\d+(?=\.|$)/g, '');
      const def = findVariableDef(STANDARD_VARIABLES, name);
      if (def && !defs.some((d) => d.name === def.name)) defs.push(def);
    }
    const id = await this.ctx.write(user.id, async (tx) => {
      const content: WordTemplateContent = {
        kind: 'word',
        code: null,
        fileName: input.fileName,
        sha256: stored.sha256,
        size: stored.size,
        placeholders,
      };
      const templateId = await insertWordTemplate(tx, {
        name: input.name,
        description: input.description ?? null,
        category: input.category,
        createdBy: user.id,
        content,
      });
      for (const def of defs) await insertVariable(tx, templateId, def);
      await logActivity(tx, {
        action: 'template.word_uploaded',
        entityType: 'document_template',
        entityId: templateId,
        details: { sha256: stored.sha256, size: stored.size, placeholders: placeholders.length },
      });
      return templateId;
    });
    return this.detail(await this.load(id), true);
  }

  /** The .docx bytes of a Word template (checked against their hash). */
  async wordBytes(t: LoadedTemplate): Promise<Uint8Array> {
    if (t.row.content.kind !== 'word')
      throw new ValidationError('templateId', 'not_word_template', 'Not a Word template');
    return this.files.read(t.row.content.sha256);
  }

  async exists(id: string): Promise<boolean> {
    return (await findTemplateRow(this.ctx.db, id)) !== null;
  }
}
