import { describe, expect, it } from 'vitest';
import {
  findShippedQuestionnaire,
  INTERETS_PROFESSIONNELS,
  MOTIVATIONS_CONTRAINTES,
  SHIPPED_QUESTIONNAIRES,
  VALEURS_TRAVAIL,
} from '../../../src/shared/content/questionnaires/index.js';
import { validateResponse, type AnswerValue } from '../../../src/shared/domain/questionnaires/answers.js';
import {
  listQuestions,
  parseQuestionnaireDefinition,
  type QuestionDefinition,
  type QuestionnaireDefinition,
} from '../../../src/shared/domain/questionnaires/definition.js';
import { computeScores, topCategories } from '../../../src/shared/domain/questionnaires/scoring.js';

/** Every possible valid answer of a question (complete matrix rows only). */
function possibleAnswers(q: QuestionDefinition): AnswerValue[] {
  switch (q.type) {
    case 'scale': {
      const out: number[] = [];
      for (let v = q.config.min; v <= q.config.max; v += q.config.step ?? 1) out.push(v);
      return out;
    }
    case 'single_choice':
      return q.options.map((o) => o.value);
    case 'multiple_choice': {
      const values = q.options.map((o) => o.value);
      const max = q.config?.maxSelected ?? values.length;
      const min = Math.max(1, q.config?.minSelected ?? 1);
      const out: string[][] = [];
      for (let mask = 1; mask < 1 << values.length; mask++) {
        const subset = values.filter((_, i) => mask & (1 << i));
        if (subset.length >= min && subset.length <= max) out.push(subset);
      }
      return out;
    }
    case 'text':
      return ['Réponse'];
    case 'matrix': {
      let out: Record<string, string>[] = [{}];
      for (const row of q.config.rows) {
        out = out.flatMap((partial) => q.config.columns.map((c) => ({ ...partial, [row.key]: c.value })));
      }
      return out;
    }
  }
}

/** Smallest and largest raw score each category can reach with a complete, valid response. */
function achievableBounds(def: QuestionnaireDefinition): Map<string, { min: number; max: number }> {
  const bounds = new Map(def.categories.map((c) => [c.code, { min: 0, max: 0 }]));
  const entries = listQuestions(def);
  for (const rule of def.rules) {
    const entry = entries.find((e) => e.question.key === rule.questionKey)!;
    const optional = entry.section.isOptional || !entry.question.isRequired;
    const candidates: (AnswerValue | undefined)[] = [
      ...possibleAnswers(entry.question),
      ...(optional ? [undefined] : []),
    ];
    const single = { ...def, rules: [rule] };
    const index = def.categories.findIndex((c) => c.code === rule.categoryCode);
    const contributions = candidates.map(
      (a) => computeScores(single, a === undefined ? {} : { [rule.questionKey]: a })[index]!.rawScore,
    );
    const b = bounds.get(rule.categoryCode)!;
    b.min += Math.min(...contributions);
    b.max += Math.max(...contributions);
  }
  return bounds;
}

function allText(def: QuestionnaireDefinition): string[] {
  const texts: string[] = [def.title, def.description ?? '', def.instructions ?? ''];
  for (const s of def.sections) {
    texts.push(s.title, s.description ?? '');
    for (const q of s.questions) {
      texts.push(q.text, q.helpText ?? '', ...q.options.map((o) => o.text));
      if (q.type === 'scale') texts.push(q.config.minLabel ?? '', q.config.maxLabel ?? '');
      if (q.type === 'matrix') texts.push(...q.config.rows.map((r) => r.text), ...q.config.columns.map((c) => c.text));
    }
  }
  for (const c of def.categories) {
    texts.push(c.name, c.description ?? '', ...c.ranges.flatMap((r) => [r.label, r.interpretation]));
  }
  return texts.filter((t) => t !== '');
}

describe.each(SHIPPED_QUESTIONNAIRES.map((def) => [def.code, def] as const))(
  'shipped questionnaire %s',
  (_code, def) => {
    it('imports cleanly from its JSON export', () => {
      const json = JSON.stringify(def);
      expect(parseQuestionnaireDefinition(json)).toEqual(def);
      expect(parseQuestionnaireDefinition(JSON.parse(json))).toEqual(def);
    });

    it('is deeply frozen', () => {
      expect(Object.isFrozen(def)).toBe(true);
      expect(Object.isFrozen(def.sections[0]!.questions[0])).toBe(true);
      expect(() => {
        (def as { title: string }).title = 'Piraté';
      }).toThrow(TypeError);
    });

    it('declares category bounds equal to what a complete response can reach', () => {
      const bounds = achievableBounds(def);
      for (const c of def.categories) {
        expect({ code: c.code, ...bounds.get(c.code) }).toEqual({ code: c.code, min: c.minScore, max: c.maxScore });
      }
    });

    it('interprets every category with three ranges and a useful paragraph each', () => {
      for (const c of def.categories) {
        expect(c.ranges).toHaveLength(3);
        for (const r of c.ranges) expect(r.interpretation.length).toBeGreaterThan(120);
      }
      const rulesPerCategory = new Set(def.rules.map((r) => r.categoryCode));
      expect([...rulesPerCategory].sort()).toEqual(def.categories.map((c) => c.code).sort());
    });

    it('is written in French with vouvoiement and French typography', () => {
      for (const text of allText(def)) {
        expect(text, text).not.toMatch(/(?<!\p{L})((tu|toi|ton|ta|tes|te)(?!\p{L})|t’)/iu);
        expect(text, text).not.toMatch(/ [?!:;»]/); // a no-break space goes before double punctuation
        expect(text, text).not.toMatch(/'/); // typographic apostrophe
        expect(text, text).not.toMatch(/RIASEC|Holland|Strong|MBTI/i);
        expect(text.trim()).toBe(text);
      }
      expect(allText(def).join(' ')).toMatch(/vous/);
    });
  },
);

describe('shipped questionnaires catalogue', () => {
  it('lists three questionnaires with unique codes', () => {
    expect(SHIPPED_QUESTIONNAIRES.map((q) => q.code)).toEqual([
      'interets-professionnels',
      'valeurs-travail',
      'motivations-contraintes',
    ]);
    expect(findShippedQuestionnaire('valeurs-travail')).toBe(VALEURS_TRAVAIL);
    expect(findShippedQuestionnaire('inconnu')).toBeUndefined();
    expect(Object.isFrozen(SHIPPED_QUESTIONNAIRES)).toBe(true);
  });

  it('interets-professionnels: 24–30 questions mixing scale, single choice and one matrix, six domains', () => {
    const questions = listQuestions(INTERETS_PROFESSIONNELS).map((e) => e.question);
    expect(questions.length).toBeGreaterThanOrEqual(24);
    expect(questions.length).toBeLessThanOrEqual(30);
    const types = questions.map((q) => q.type);
    expect(types.filter((t) => t === 'matrix')).toHaveLength(1);
    expect(types).toContain('scale');
    expect(types).toContain('single_choice');
    expect(INTERETS_PROFESSIONNELS.category).toBe('interests');
    expect(INTERETS_PROFESSIONNELS.categories.map((c) => c.code)).toEqual([
      'concret',
      'analyse',
      'creation',
      'relation',
      'entreprise',
      'organisation',
    ]);
  });

  it('valeurs-travail: about twenty questions over seven values', () => {
    const count = listQuestions(VALEURS_TRAVAIL).length;
    expect(count).toBeGreaterThanOrEqual(18);
    expect(count).toBeLessThanOrEqual(24);
    expect(VALEURS_TRAVAIL.category).toBe('values');
    expect(VALEURS_TRAVAIL.categories.map((c) => c.code)).toEqual([
      'autonomie',
      'securite',
      'reconnaissance',
      'equilibre',
      'sens',
      'relations',
      'apprentissage',
    ]);
  });

  it('motivations-contraintes: text questions, formula rules and the six constraint areas', () => {
    const types = listQuestions(MOTIVATIONS_CONTRAINTES).map((e) => e.question.type);
    expect(types.filter((t) => t === 'text').length).toBeGreaterThanOrEqual(2);
    expect(types).toContain('multiple_choice');
    expect(MOTIVATIONS_CONTRAINTES.rules.filter((r) => r.formula !== undefined).length).toBeGreaterThanOrEqual(1);
    expect(MOTIVATIONS_CONTRAINTES.categories.map((c) => c.code)).toEqual([
      'mobilite',
      'formation',
      'revenus',
      'temps',
      'sante',
      'entourage',
    ]);
  });
});

describe('hand-computed responses', () => {
  it('interets-professionnels', () => {
    const answers = {
      act_concret_1: 5,
      act_concret_2: 4,
      act_concret_3: 5,
      freq_concret: 'souvent',
      act_analyse_1: 3,
      act_analyse_2: 4,
      act_analyse_3: 2,
      freq_analyse: 'parfois',
      act_creation_1: 1,
      act_creation_2: 2,
      act_creation_3: 1,
      freq_creation: 'jamais',
      act_relation_1: 4,
      act_relation_2: 5,
      act_relation_3: 4,
      freq_relation: 'souvent',
      act_entreprise_1: 2,
      act_entreprise_2: 3,
      act_entreprise_3: 2,
      freq_entreprise: 'rarement',
      act_organisation_1: 3,
      act_organisation_2: 3,
      act_organisation_3: 3,
      freq_organisation: 'parfois',
      cadres_travail: {
        exterieur: 'souhaite',
        atelier: 'souhaite',
        bureau: 'a-eviter',
        public: 'indifferent',
        deplacements: 'indifferent',
        autonomie: 'indifferent',
        equipe: 'souhaite',
      },
      activite_absorbante: 'Restaurer de vieux meubles pour des amis.',
    };
    expect(validateResponse(INTERETS_PROFESSIONNELS, answers)).toEqual({});
    const scores = computeScores(INTERETS_PROFESSIONNELS, answers);
    // Each domain: three 1–5 items + a 0–3 frequency, on [3, 18]; normalised = (raw − 3) / 15.
    expect(scores.map((s) => [s.categoryCode, s.rawScore, s.normalizedScore, s.interpretation?.label])).toEqual([
      ['concret', 17, 9333, 'Intérêt marqué'], // 5 + 4 + 5 + 3
      ['analyse', 11, 5333, 'Intérêt modéré'], // 3 + 4 + 2 + 2
      ['creation', 4, 667, 'Intérêt faible'], // 1 + 2 + 1 + 0
      ['relation', 16, 8667, 'Intérêt marqué'], // 4 + 5 + 4 + 3
      ['entreprise', 8, 3333, 'Intérêt faible'], // 2 + 3 + 2 + 1
      ['organisation', 11, 5333, 'Intérêt modéré'], // 3 + 3 + 3 + 2
    ]);
    expect(topCategories(scores, 3).map((s) => s.categoryCode)).toEqual(['concret', 'relation', 'analyse']);
  });

  it('valeurs-travail', () => {
    const answers = {
      imp_autonomie_1: 5,
      imp_autonomie_2: 4,
      arb_autonomie: 'methode',
      imp_securite_1: 2,
      imp_securite_2: 3,
      arb_securite: 'contrat',
      imp_reconnaissance_1: 3,
      imp_reconnaissance_2: 3,
      arb_reconnaissance: 'felicitations',
      imp_equilibre_1: 5,
      imp_equilibre_2: 5,
      arb_equilibre: 'organisation',
      imp_sens_1: 4,
      imp_sens_2: 5,
      arb_sens: 'utilite',
      imp_relations_1: 3,
      imp_relations_2: 2,
      arb_relations: 'ponctuel',
      imp_apprentissage_1: 4,
      imp_apprentissage_2: 4,
      arb_apprentissage: 'volontiers',
    };
    expect(validateResponse(VALEURS_TRAVAIL, answers)).toEqual({});
    // Each value: two 1–5 items + a 0–3 situation, on [2, 13]; normalised = (raw − 2) / 11.
    expect(
      computeScores(VALEURS_TRAVAIL, answers).map((s) => [
        s.categoryCode,
        s.rawScore,
        s.normalizedScore,
        s.interpretation?.label,
      ]),
    ).toEqual([
      ['autonomie', 11, 8182, 'Valeur essentielle'], // 5 + 4 + 2
      ['securite', 6, 3636, 'Valeur secondaire'], // 2 + 3 + 1
      ['reconnaissance', 8, 5455, 'Valeur importante'], // 3 + 3 + 2 → 6/11 = 54.545 % → 5455
      ['equilibre', 13, 10_000, 'Valeur essentielle'], // 5 + 5 + 3
      ['sens', 11, 8182, 'Valeur essentielle'], // 4 + 5 + 2
      ['relations', 6, 3636, 'Valeur secondaire'], // 3 + 2 + 1
      ['apprentissage', 10, 7273, 'Valeur importante'], // 4 + 4 + 2
    ]);
  });

  it('motivations-contraintes (with formula rules)', () => {
    const answers = {
      motiv_declencheur: 'Mon poste a été supprimé et je veux en profiter pour changer de secteur.',
      motiv_principale: 'sens',
      mob_distance: '30-min',
      mob_demenagement: 'conditions',
      mob_deplacements: 2,
      mob_moyens: ['voiture', 'transports', 'deux-roues'],
      form_disposition: 5,
      form_duree: 'mois',
      form_modalites: ['distance', 'soir'],
      form_droits: 'vaguement',
      rev_urgence: 4,
      rev_baisse: 'limitee',
      temps_hebdo: '2-5-h',
      temps_delai: '6-12-mois',
      temps_contraintes: ['horaires', 'famille'],
      sante_conditions: ['aucune'],
      sante_energie: 4,
      ent_soutien: 3,
      ent_relais: 'parfois',
      ent_reseau: 2,
    };
    expect(validateResponse(MOTIVATIONS_CONTRAINTES, answers)).toEqual({});
    expect(
      computeScores(MOTIVATIONS_CONTRAINTES, answers).map((s) => [
        s.categoryCode,
        s.rawScore,
        s.normalizedScore,
        s.interpretation?.label,
      ]),
    ).toEqual([
      ['mobilite', 6, 4545, 'Mobilité modérée'], // 1 + 1 + 2 + min(3, 2) → (6 − 1) / 11
      ['formation', 11, 7143, 'Marge importante'], // 5 + 3 + 2 + 1 → (11 − 1) / 14
      ['revenus', 3, 2857, 'Contrainte forte'], // (1 + 5 − 4) + 1 → (3 − 1) / 7
      ['temps', 4, 4444, 'Temps partiellement disponible'], // 1 + 2 + max(0, 3 − 2) → 4 / 9
      ['sante', 7, 8571, 'Peu de contraintes'], // max(0, 3 − 0) + 4 → (7 − 1) / 7
      ['entourage', 6, 4000, 'Soutien partiel'], // 3 + 1 + 2 → (6 − 2) / 10
    ]);
  });
});
