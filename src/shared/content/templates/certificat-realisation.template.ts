/**
 * Certificat de réalisation: the provider certifies that the beneficiary followed the bilan (dates,
 * hours done, funding reference), as funders (OPCO, employers, CPF checks) ask with the invoice.
 * The same content is produced as a PDF by src/main/documents/pdf/certificate.ts.
 * Original text written for Jalon.
 */
import type { TemplateDefinition, TemplateSection } from '../../domain/templates/template.types.js';
import { catalogueFor } from './standard-variables.js';

const sections: TemplateSection[] = [
  {
    key: 'attestation',
    title: 'Attestation',
    orderIndex: 0,
    isOptional: false,
    showTitle: false,
    content: `Je soussigné(e) **{{firm.representative_name}}**{{#if firm.representative_role}}, {{firm.representative_role}}{{/if}}, représentant(e) de l'organisme **{{firm.name}}**{{#if firm.nda}} (déclaration d'activité n° {{firm.nda}}){{/if}}{{#if firm.siret}}, SIRET {{firm.siret}}{{/if}}, organisme dispensateur de l'action, atteste que :

{{#if beneficiary.civility}}{{beneficiary.civility}} {{/if}}**{{beneficiary.first_name}} {{beneficiary.last_name}}**{{#if beneficiary.employer_name}}, salarié(e) de l'entreprise {{beneficiary.employer_name}},{{/if}}

a suivi l'action **Bilan de compétences**, action concourant au développement des compétences au sens de l'article L. 6313-1 (2°) du Code du travail,

qui s'est déroulée du **{{assessment.start_date}}** au **{{assessment.actual_end_date}}**, pour une durée réalisée de **{{assessment.completed_hours}}**{{#if assessment.total_hours}} sur {{assessment.total_hours}} prévues{{/if}}.`,
  },
  {
    key: 'financement',
    title: 'Financement',
    orderIndex: 1,
    isOptional: true,
    showTitle: false,
    content: `{{#if assessment.funding_label}}
| Financement | Organisme | Référence du dossier |
|---|---|---|
| {{assessment.funding_label}} | {{assessment.funding_organization}} | {{assessment.funding_reference}} |
{{/if}}`,
  },
  {
    key: 'engagement',
    title: 'Engagement',
    orderIndex: 2,
    isOptional: false,
    showTitle: false,
    content: `Sans préjudice des délais imposés par les règles fiscales, comptables ou commerciales, {{firm.name}} s'engage à conserver l'ensemble des pièces justificatives ayant permis d'établir le présent certificat pendant une durée de trois ans à compter de la fin de l'année du dernier paiement.

Fait à {{firm.city}}, le {{today}}.

**{{firm.representative_name}}**\\
{{firm.representative_role}}\\
*Cachet et signature de l'organisme*`,
  },
];

export const CERTIFICAT_REALISATION: TemplateDefinition = {
  code: 'certificat-realisation',
  name: 'Certificat de réalisation',
  description: 'Certificat attestant la réalisation du bilan, à joindre à la facture du financeur.',
  category: 'administrative',
  version: '1',
  sections,
  variables: catalogueFor(sections, {
    required: ['firm.representative_name', 'assessment.actual_end_date', 'assessment.completed_hours'],
  }),
};
