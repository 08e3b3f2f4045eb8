/**
 * The shared variable catalogue: what the data layer puts in a template context, and how each value is
 * displayed. Units follow CONTRIBUTING.md: money in integer cents (`format: 'money'`), hours in integer
 * hundredths (`format: 'hours'`), appointment durations in minutes, dates as ISO strings.
 *
 * Context shape (values the lead's data layer provides):
 *   firm         the organisation (raison sociale, adresse, SIRET, numéro de déclaration d'activité…)
 *   beneficiary  the person assessed;  consultant  the consultant in charge;  employer  (tripartite only)
 *   assessment   the bilan: dates, hours, funding, price, status, modality, consents
 *   phases       list: { name, type, description, start_date, end_date, hours_allocated, hours_completed }
 *   appointments list: { date, start, end, duration_minutes, type, modality, title }
 *   scores       by questionnaire code: { title, completed_at, summary, categories: [{ code, label, score,
 *                interpretation }] sorted by descending score, top1, top2, top3 (the first categories) }
 *   today        the generation date (ISO date)
 * Templates add their own variables (e.g. `synthesis.*` for the document de synthèse).
 */
import { AppError } from '../../errors.js';
import type { TemplateSection, VariableDef } from '../../domain/templates/template.types.js';
import { extractVariables } from '../../domain/templates/variable-checker.js';
import { findVariableDef, isKnownVariable } from '../../domain/templates/variable-resolver.js';

type Def = Omit<VariableDef, 'name'>;

const text = (description: string, isRequired = false): Def => ({ type: 'text', isRequired, description });
const date = (description: string, isRequired = false): Def => ({ type: 'date', isRequired, description });
const hours = (description: string, isRequired = false): Def => ({
  type: 'number',
  format: 'hours',
  isRequired,
  description,
});
const money = (description: string, isRequired = false): Def => ({
  type: 'number',
  format: 'money',
  isRequired,
  description,
});
const bool = (description: string): Def => ({ type: 'boolean', isRequired: false, description });
const list = (description: string, isRequired = false): Def => ({ type: 'list', isRequired, description });

const scoreFields = (rank: string): Record<string, Def> => ({
  [`scores.*.${rank}`]: { type: 'text', isRequired: false, description: `Catégorie classée ${rank.slice(3)}` },
  [`scores.*.${rank}.code`]: text(`Code de la catégorie classée ${rank.slice(3)}`),
  [`scores.*.${rank}.label`]: text(`Libellé de la catégorie classée ${rank.slice(3)}`),
  [`scores.*.${rank}.score`]: { type: 'number', isRequired: false, description: 'Score sur 100' },
  [`scores.*.${rank}.interpretation`]: text('Interprétation du score'),
});

const DEFS: Record<string, Def> = {
  // Organisme prestataire
  'firm.name': text("Raison sociale de l'organisme", true),
  'firm.address': text('Adresse (numéro et rue)', true),
  'firm.postal_code': text('Code postal', true),
  'firm.city': text('Ville', true),
  'firm.siret': text('Numéro SIRET'),
  'firm.nda': text("Numéro de déclaration d'activité"),
  'firm.email': text('Adresse électronique'),
  'firm.phone': text('Téléphone'),
  'firm.representative_name': text('Nom du représentant légal ou du signataire'),
  'firm.representative_role': text('Qualité du signataire (gérante, directeur…)'),

  // Bénéficiaire
  'beneficiary.civility': text('Civilité (Madame, Monsieur)'),
  'beneficiary.first_name': text('Prénom', true),
  'beneficiary.last_name': text('Nom', true),
  'beneficiary.birth_date': date('Date de naissance'),
  'beneficiary.email': text('Adresse électronique'),
  'beneficiary.phone': text('Téléphone'),
  'beneficiary.address': text('Adresse (numéro et rue)'),
  'beneficiary.postal_code': text('Code postal'),
  'beneficiary.city': text('Ville'),
  'beneficiary.job_title': text('Emploi occupé'),
  'beneficiary.employer_name': text("Nom de l'employeur"),
  'beneficiary.employment_status': text('Situation professionnelle'),

  // Consultant
  'consultant.first_name': text('Prénom', true),
  'consultant.last_name': text('Nom', true),
  'consultant.job_title': text('Fonction (consultante en bilan de compétences…)'),
  'consultant.email': text('Adresse électronique'),
  'consultant.phone': text('Téléphone'),

  // Employeur (convention tripartite)
  'employer.name': text("Raison sociale de l'employeur"),
  'employer.address': text('Adresse (numéro et rue)'),
  'employer.postal_code': text('Code postal'),
  'employer.city': text('Ville'),
  'employer.siret': text('Numéro SIRET'),
  'employer.representative_name': text('Nom du représentant'),
  'employer.representative_role': text('Qualité du représentant'),

  // Bilan
  'assessment.reference': text('Numéro de dossier'),
  'assessment.status': text('Statut (code)'),
  'assessment.status_label': text('Statut (libellé)'),
  'assessment.start_date': date('Date de début', true),
  'assessment.expected_end_date': date('Date de fin prévue'),
  'assessment.actual_end_date': date('Date de fin effective'),
  'assessment.follow_up_date': date('Date du suivi à six mois'),
  'assessment.total_hours': hours('Durée totale prévue', true),
  'assessment.completed_hours': hours('Heures réalisées'),
  'assessment.completion_rate': {
    type: 'number',
    format: 'percent',
    isRequired: false,
    description: 'Taux de réalisation',
  },
  'assessment.funding_type': text('Type de financement (cpf, employer, opco, personal, other)'),
  'assessment.funding_label': text('Financement (libellé)'),
  'assessment.funding_organization': text('Organisme financeur'),
  'assessment.funding_reference': text('Référence du financement (dossier CPF, prise en charge…)'),
  'assessment.funding_amount': money('Montant financé'),
  'assessment.price': money('Prix du bilan (TTC)'),
  'assessment.vat_exempt': bool('Exonération de TVA (CGI art. 261-4-4° a)'),
  'assessment.modality': text('Modalité (en présentiel, à distance, en mixte)'),
  'assessment.location': text('Lieu des entretiens'),
  'assessment.objectives': text('Objectifs personnalisés'),
  'assessment.is_tripartite': bool('Convention tripartite (avec l’employeur)'),
  'assessment.documents_kept': bool('Accord écrit pour conserver les documents de travail en vue du suivi'),
  'assessment.documents_destruction_date': date('Date de destruction des documents de travail'),

  // Phases
  phases: list('Phases du bilan'),
  'phases.name': text('Nom de la phase'),
  'phases.type': text('Type (preliminary, investigation, conclusion, follow_up)'),
  'phases.description': text('Description'),
  'phases.start_date': date('Date de début'),
  'phases.end_date': date('Date de fin'),
  'phases.hours_allocated': hours('Heures prévues'),
  'phases.hours_completed': hours('Heures réalisées'),

  // Rendez-vous
  appointments: list('Séances du bilan'),
  'appointments.date': date('Date de la séance'),
  'appointments.start': { type: 'date', format: 'time', isRequired: false, description: 'Heure de début' },
  'appointments.end': { type: 'date', format: 'time', isRequired: false, description: 'Heure de fin' },
  'appointments.duration_minutes': {
    type: 'number',
    format: 'minutes',
    isRequired: false,
    description: 'Durée (minutes)',
  },
  'appointments.type': text('Type de séance (libellé)'),
  'appointments.modality': text('Modalité (présentiel, distanciel)'),
  'appointments.title': text('Intitulé'),

  // Résultats de questionnaires, par code de questionnaire
  'scores.*.title': text('Titre du questionnaire'),
  'scores.*.completed_at': date('Date de passation'),
  'scores.*.summary': text('Synthèse des résultats'),
  'scores.*.categories': list('Catégories et scores, du plus élevé au plus faible'),
  'scores.*.categories.code': text('Code de la catégorie'),
  'scores.*.categories.label': text('Libellé de la catégorie'),
  'scores.*.categories.score': { type: 'number', isRequired: false, description: 'Score sur 100' },
  'scores.*.categories.interpretation': text('Interprétation du score'),
  ...scoreFields('top1'),
  ...scoreFields('top2'),
  ...scoreFields('top3'),

  today: date('Date du jour', true),
};

/** The shared catalogue (see the module comment for the context shape). */
export const STANDARD_VARIABLES: readonly VariableDef[] = Object.entries(DEFS).map(([name, def]) => ({ name, ...def }));

/**
 * Builds a template's own catalogue (template_variables) from what its sections use: the standard
 * entries covering each used name (and the lists their item fields belong to), then the template's
 * specific variables, with `required` names forced to required. A name that neither covers is a
 * programming error in the shipped content.
 */
export function catalogueFor(
  sections: readonly TemplateSection[],
  options: { readonly required?: readonly string[]; readonly specific?: readonly VariableDef[] } = {},
): VariableDef[] {
  const specific = options.specific ?? [];
  const required = new Set(options.required ?? []);
  const picked = new Map<string, VariableDef>();
  const take = (name: string): boolean => {
    const def = findVariableDef(specific, name) ?? findVariableDef(STANDARD_VARIABLES, name);
    if (def && !picked.has(def.name)) picked.set(def.name, def);
    return def !== undefined;
  };
  for (const name of extractVariables(sections)) {
    const segments = name.split('.');
    for (let n = 1; n < segments.length; n++) take(segments.slice(0, n).join('.'));
    if (!take(name) && !isKnownVariable([...specific, ...STANDARD_VARIABLES], name)) {
      throw new AppError('INTERNAL', `Template content uses an undeclared variable: ${name}`);
    }
  }
  for (const def of specific) if (!picked.has(def.name)) picked.set(def.name, def);
  return [...picked.values()].map((def) => (required.has(def.name) ? { ...def, isRequired: true } : def));
}
