/**
 * Small hand-written definitions shared by the questionnaire tests.
 */
import type {
  QuestionDefinition,
  QuestionnaireDefinition,
  QuestionnaireDefinitionInput,
} from '../../../src/shared/domain/questionnaires/definition.js';

export const scaleQ: Extract<QuestionDefinition, { type: 'scale' }> = {
  key: 'energie',
  text: 'Votre énergie ?',
  type: 'scale',
  isRequired: true,
  config: { min: 1, max: 5 },
  options: [],
};

export const stepScaleQ: Extract<QuestionDefinition, { type: 'scale' }> = {
  key: 'pas',
  text: 'Échelle par pas de 5',
  type: 'scale',
  isRequired: true,
  config: { min: 0, max: 100, step: 5 },
  options: [],
};

export const singleQ: Extract<QuestionDefinition, { type: 'single_choice' }> = {
  key: 'frequence',
  text: 'À quelle fréquence ?',
  type: 'single_choice',
  isRequired: true,
  options: [
    { value: 'jamais', text: 'Jamais', score: 0 },
    { value: 'parfois', text: 'Parfois', score: 2 },
    { value: 'souvent', text: 'Souvent', score: 3 },
    { value: 'nsp', text: 'Je ne sais pas' },
  ],
};

export const multipleQ: Extract<QuestionDefinition, { type: 'multiple_choice' }> = {
  key: 'moyens',
  text: 'Quels moyens ?',
  type: 'multiple_choice',
  isRequired: true,
  config: { minSelected: 1, maxSelected: 3 },
  options: [
    { value: 'voiture', text: 'Voiture', score: 2 },
    { value: 'train', text: 'Train', score: 1 },
    { value: 'velo', text: 'Vélo', score: 1 },
    { value: 'aucun', text: 'Aucun', score: 0 },
  ],
};

export const textQ: Extract<QuestionDefinition, { type: 'text' }> = {
  key: 'commentaire',
  text: 'Un commentaire ?',
  type: 'text',
  isRequired: true,
  options: [],
};

export const matrixQ: Extract<QuestionDefinition, { type: 'matrix' }> = {
  key: 'cadres',
  text: 'Ces cadres vous attirent-ils ?',
  type: 'matrix',
  isRequired: true,
  config: {
    rows: [
      { key: 'exterieur', text: 'Extérieur' },
      { key: 'bureau', text: 'Bureau' },
      { key: 'atelier', text: 'Atelier' },
    ],
    columns: [
      { value: 'non', text: 'Non', score: 0 },
      { value: 'bof', text: 'Bof', score: 1 },
      { value: 'oui', text: 'Oui', score: 2 },
    ],
  },
  options: [],
};

/** A small valid definition touching every question type, two categories and a formula. */
export function sampleDefinition(): QuestionnaireDefinition {
  return {
    format: 'jalon.questionnaire',
    formatVersion: 1,
    code: 'exemple',
    version: 1,
    title: 'Exemple',
    category: 'other',
    sections: [
      { key: 's1', title: 'Première partie', isOptional: false, questions: [scaleQ, singleQ, multipleQ] },
      { key: 's2', title: 'Deuxième partie', isOptional: true, questions: [matrixQ, { ...textQ, isRequired: false }] },
    ],
    categories: [
      {
        code: 'a',
        name: 'Catégorie A',
        minScore: 0,
        maxScore: 20,
        ranges: [
          { minValue: 0, maxValue: 6, label: 'Bas', interpretation: 'Score bas.' },
          { minValue: 7, maxValue: 13, label: 'Moyen', interpretation: 'Score moyen.' },
          { minValue: 14, maxValue: 20, label: 'Haut', interpretation: 'Score haut.' },
        ],
      },
      { code: 'b', name: 'Catégorie B', minScore: 0, maxScore: 10, ranges: [] },
    ],
    rules: [
      { questionKey: 'energie', categoryCode: 'a', weight: 150 },
      { questionKey: 'frequence', categoryCode: 'a', weight: 100 },
      { questionKey: 'moyens', categoryCode: 'b', weight: 100, formula: 'min(value, 3) * weight' },
      { questionKey: 'cadres', categoryCode: 'a', weight: 100 },
      { questionKey: 'commentaire', categoryCode: 'b', weight: 100, formula: 'if(answered, 2, 0)' },
    ],
  };
}

/** The same definition as a plain JSON value, as an imported file would be. */
export function sampleJson(): QuestionnaireDefinitionInput & Record<string, unknown> {
  return JSON.parse(JSON.stringify(sampleDefinition())) as QuestionnaireDefinitionInput & Record<string, unknown>;
}
