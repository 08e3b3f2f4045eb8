/**
 * Feuille d'émargement: one row per session (date, times, duration, modality) with room for the
 * beneficiary's and the consultant's signatures — the attendance evidence funders and the Caisse des
 * Dépôts can ask for. The signed PDF version (with captured signatures) is produced by
 * src/main/documents/pdf/attendance-sheet.ts. Original text written for Jalon.
 */
import type { TemplateDefinition, TemplateSection } from '../../domain/templates/template.types.js';
import { catalogueFor } from './standard-variables.js';

const sections: TemplateSection[] = [
  {
    key: 'identification',
    title: 'Identification',
    orderIndex: 0,
    isOptional: false,
    showTitle: false,
    content: `**Action :** Bilan de compétences{{#if assessment.reference}} – dossier n° {{assessment.reference}}{{/if}}\\
**Organisme :** {{firm.name}}{{#if firm.nda}} (déclaration d'activité n° {{firm.nda}}){{/if}}\\
**Bénéficiaire :** {{beneficiary.first_name}} {{beneficiary.last_name}}\\
**Consultant(e) :** {{consultant.first_name}} {{consultant.last_name}}\\
**Période :** du {{assessment.start_date}} au {{#if assessment.actual_end_date}}{{assessment.actual_end_date}}{{else}}{{assessment.expected_end_date}}{{/if}}\\
{{#if assessment.funding_label}}**Financement :** {{assessment.funding_label}}{{#if assessment.funding_reference}} (dossier n° {{assessment.funding_reference}}){{/if}}{{/if}}`,
  },
  {
    key: 'seances',
    title: 'Séances',
    orderIndex: 1,
    isOptional: false,
    content: `| Date | Horaires | Durée | Modalité | Signature du bénéficiaire | Signature du consultant |
|---|---|---|---|---|---|
{{#each appointments}}
| {{this.date | shortdate}} | {{this.start | time}} – {{this.end | time}} | {{this.duration_minutes}} | {{this.modality}} | | |
{{/each}}

**Total des heures réalisées :** {{assessment.completed_hours}}

Chaque signature atteste la présence du bénéficiaire et du consultant pendant la séance. Pour une séance à distance, la présence est attestée par la signature électronique recueillie à l'issue de la séance.`,
  },
];

export const FEUILLE_EMARGEMENT: TemplateDefinition = {
  code: 'feuille-emargement',
  name: "Feuille d'émargement",
  description: 'Relevé des séances signé par le bénéficiaire et le consultant.',
  category: 'administrative',
  version: '1',
  sections,
  variables: catalogueFor(sections, {
    required: [
      'appointments',
      'appointments.date',
      'appointments.start',
      'appointments.end',
      'assessment.completed_hours',
    ],
  }),
};
