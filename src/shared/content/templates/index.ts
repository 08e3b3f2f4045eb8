/**
 * The French document templates shipped with Jalon (seeded into document_templates for a new firm).
 */
import type { TemplateDefinition } from '../../domain/templates/template.types.js';
import { CERTIFICAT_REALISATION } from './certificat-realisation.template.js';
import { CONVENTION_BILAN } from './convention-bilan.template.js';
import { COURRIER_SUIVI_6_MOIS } from './courrier-suivi-6-mois.template.js';
import { DOCUMENT_DE_SYNTHESE } from './document-de-synthese.template.js';
import { FEUILLE_EMARGEMENT } from './feuille-emargement.template.js';

export { STANDARD_VARIABLES, catalogueFor } from './standard-variables.js';
export { SAMPLE_TEMPLATE_CONTEXT } from './sample-context.js';
export { CERTIFICAT_REALISATION, CONVENTION_BILAN, COURRIER_SUIVI_6_MOIS, DOCUMENT_DE_SYNTHESE, FEUILLE_EMARGEMENT };

export const DEFAULT_TEMPLATES: readonly TemplateDefinition[] = [
  DOCUMENT_DE_SYNTHESE,
  CONVENTION_BILAN,
  CERTIFICAT_REALISATION,
  FEUILLE_EMARGEMENT,
  COURRIER_SUIVI_6_MOIS,
];

/** The shipped template with this code, or undefined. */
export function findDefaultTemplate(code: string): TemplateDefinition | undefined {
  return DEFAULT_TEMPLATES.find((t) => t.code === code);
}
