/**
 * The document template model (data-model.fr.md §5: document_templates, template_variables,
 * template_sections). Pure types: the repositories map rows to these shapes.
 */

export const TEMPLATE_CATEGORIES = ['administrative', 'follow_up', 'evaluation', 'synthesis'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const CONDITION_OPERATORS = ['equals', 'not_equals', 'greater_than', 'less_than', 'contains'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * A section is kept only when its condition holds (template_sections.condition_variable /
 * condition_operator / condition_value). See `evaluateCondition` for the typed semantics.
 */
export interface SectionCondition {
  /** Dotted variable path, e.g. "synthesis.training_planned". */
  readonly variable: string;
  readonly operator: ConditionOperator;
  /**
   * Compared value, as stored (TEXT). `{{path}}` compares with another variable, e.g. `{{today}}`.
   * Omitted or empty for a comparison with the empty string.
   */
  readonly value?: string | null;
}

export interface TemplateSection {
  /** Stable key of the section inside its template ("circonstances", "projet"…). */
  readonly key: string;
  /** Title, shown as a level-1 heading unless `showTitle` is false; may hold `{{variables}}`. */
  readonly title: string;
  readonly orderIndex: number;
  /** Rich text in the template content syntax (see content-parser.ts). */
  readonly content: string;
  /** An optional section can be left out at generation time (`omitSections`). */
  readonly isOptional: boolean;
  readonly condition?: SectionCondition | null;
  /** Extension: false to render the content without the title heading (letters, signature blocks). */
  readonly showTitle?: boolean;
}

export const VARIABLE_TYPES = ['text', 'date', 'number', 'boolean', 'list', 'table'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/**
 * How a value is written in the document, beyond its type (extension of template_variables, kept in
 * `validation_rules` by the data layer):
 *  - `hours`: integer hundredths of an hour → "24 h", "1 h 30";
 *  - `minutes`: a number of minutes → "1 h 30", "45 min";
 *  - `money`: integer cents → "1 234,50 €";
 *  - `percent`: 45 → "45 %";
 *  - `datetime`: ISO instant → "31 janvier 2026 à 14 h 30" (Europe/Paris);
 *  - `time`: ISO instant → "14 h 30" (Europe/Paris).
 */
export const VARIABLE_FORMATS = ['hours', 'minutes', 'money', 'percent', 'datetime', 'time'] as const;
export type VariableFormat = (typeof VARIABLE_FORMATS)[number];

/**
 * A variable of the catalogue. Names are dotted paths. Two conventions:
 *  - a field of the items of a list is named after the list: `appointments.date` describes the `date`
 *    of each item of the list `appointments`;
 *  - a `*` segment stands for any one segment: `scores.*.title` covers `scores.interets-professionnels.title`.
 */
export interface VariableDef {
  readonly name: string;
  readonly type: VariableType;
  readonly isRequired: boolean;
  /** Used when the value is missing (already in its display form). */
  readonly defaultValue?: string;
  readonly description?: string;
  readonly format?: VariableFormat;
}

/** A complete template, as shipped (src/shared/content/templates) or as loaded from the database. */
export interface TemplateDefinition {
  readonly code: string;
  readonly name: string;
  readonly description?: string;
  readonly category: TemplateCategory;
  readonly version?: string;
  readonly sections: readonly TemplateSection[];
  /** The variables the template uses (template_variables). */
  readonly variables: readonly VariableDef[];
}

/** The data a template is rendered with: a tree of plain values (strings, numbers, booleans, arrays, objects). */
export type TemplateContext = Readonly<Record<string, unknown>>;
