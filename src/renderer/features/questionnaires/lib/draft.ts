/**
 * Pure helpers for the builder's draft definition: blank questionnaire, new questions of each type,
 * type changes that keep what can be kept, unique keys, moves, and immutable updates.
 */
import type {
  QuestionDefinition,
  QuestionnaireDefinition,
  QuestionType,
} from '../../../../shared/domain/questionnaires/definition';
import { listQuestions } from '../../../../shared/domain/questionnaires/definition';

/** A deep copy changed by `fn` (the draft is small: structured cloning is simple and safe). */
export function produce<T>(value: T, fn: (draft: T) => void): T {
  const copy = structuredClone(value);
  fn(copy);
  return copy;
}

/** Moves item `index` by `delta` (−1 up, +1 down); out of range moves do nothing. */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item!);
  return copy;
}

export function uniqueKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) {
    const key = `${prefix}${i}`;
    if (!used.has(key)) return key;
  }
}

export function questionKeys(def: QuestionnaireDefinition): string[] {
  return listQuestions(def).map((e) => e.question.key);
}

export function newQuestion(type: QuestionType, key: string, text = ''): QuestionDefinition {
  const base = { key, text, isRequired: true, options: [] };
  switch (type) {
    case 'single_choice':
      return {
        ...base,
        type,
        options: [
          { value: 'oui', text: 'Oui', score: 1 },
          { value: 'non', text: 'Non', score: 0 },
        ],
      };
    case 'multiple_choice':
      return {
        ...base,
        type,
        config: {},
        options: [
          { value: 'a', text: 'Proposition A', score: 1 },
          { value: 'b', text: 'Proposition B', score: 1 },
        ],
      };
    case 'scale':
      return { ...base, type, config: { min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' } };
    case 'text':
      return { ...base, type };
    case 'matrix':
      return {
        ...base,
        type,
        config: {
          rows: [{ key: 'ligne1', text: 'Ligne 1' }],
          columns: [
            { value: 'non', text: 'Non', score: 0 },
            { value: 'oui', text: 'Oui', score: 1 },
          ],
        },
      };
  }
}

/** The question with a new type: key, text, help and required flag kept; options kept between choice types. */
export function changeType(q: QuestionDefinition, type: QuestionType): QuestionDefinition {
  if (q.type === type) return q;
  const fresh = newQuestion(type, q.key, q.text);
  const choice = (t: QuestionType) => t === 'single_choice' || t === 'multiple_choice';
  const options = choice(q.type) && choice(type) && q.options.length > 0 ? q.options : fresh.options;
  return {
    ...fresh,
    isRequired: q.isRequired,
    ...(q.helpText !== undefined ? { helpText: q.helpText } : {}),
    options,
  };
}

export function emptyDefinition(): QuestionnaireDefinition {
  return {
    format: 'jalon.questionnaire',
    formatVersion: 1,
    code: '',
    version: 1,
    title: '',
    category: 'other',
    sections: [
      {
        key: 'section1',
        title: 'Section 1',
        isOptional: false,
        questions: [newQuestion('scale', 'q1', '')],
      },
    ],
    categories: [],
    rules: [],
  };
}

/**
 * The draft as the contract wants it: empty optional texts removed (an empty description is "no
 * description"), and nothing else changed.
 */
export function cleanDefinition(def: QuestionnaireDefinition): QuestionnaireDefinition {
  return produce(def, (d) => {
    const drop = <T extends object, K extends keyof T>(o: T, k: K) => {
      if (o[k] === '' || o[k] === null) delete o[k];
    };
    drop(d, 'description');
    drop(d, 'instructions');
    drop(d, 'estimatedTimeMinutes');
    for (const s of d.sections) {
      drop(s, 'description');
      for (const q of s.questions) {
        drop(q, 'helpText');
        if (q.type === 'scale') {
          drop(q.config, 'minLabel');
          drop(q.config, 'maxLabel');
          drop(q.config, 'step');
        }
        if (q.type === 'multiple_choice' && q.config) {
          drop(q.config, 'minSelected');
          drop(q.config, 'maxSelected');
        }
      }
    }
    for (const c of d.categories) drop(c, 'description');
    for (const r of d.rules) if (r.formula !== undefined && r.formula.trim() === '') delete r.formula;
  });
}
