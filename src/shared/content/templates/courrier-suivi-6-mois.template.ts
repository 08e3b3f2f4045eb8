/**
 * Courrier de suivi à six mois: invites the beneficiary to the follow-up interview about six months
 * after the end of the bilan. Written to the beneficiary ("vous"). Original text written for Jalon.
 */
import type { TemplateDefinition, TemplateSection } from '../../domain/templates/template.types.js';
import { catalogueFor } from './standard-variables.js';

const sections: TemplateSection[] = [
  {
    key: 'adresses',
    title: 'Expéditeur et destinataire',
    orderIndex: 0,
    isOptional: false,
    showTitle: false,
    content: `**{{firm.name}}**\\
{{firm.address}}\\
{{firm.postal_code}} {{firm.city}}\\
{{firm.phone}}

{{#if beneficiary.civility}}{{beneficiary.civility}} {{/if}}{{beneficiary.first_name}} {{beneficiary.last_name}}\\
{{beneficiary.address}}\\
{{beneficiary.postal_code}} {{beneficiary.city}}

{{firm.city}}, le {{today}}

**Objet : entretien de suivi de votre bilan de compétences**`,
  },
  {
    key: 'corps',
    title: 'Courrier',
    orderIndex: 1,
    isOptional: false,
    showTitle: false,
    content: `{{#if beneficiary.civility}}{{beneficiary.civility}},{{else}}Madame, Monsieur,{{/if}}

Vous avez achevé votre bilan de compétences avec nous{{#if assessment.actual_end_date}} le {{assessment.actual_end_date}}{{/if}}. Comme nous l'avions convenu, nous vous proposons un entretien de suivi pour faire le point sur votre situation et sur l'avancement de votre projet.

{{#if assessment.follow_up_date}}
Nous vous proposons de nous retrouver le **{{assessment.follow_up_date}}**. Si cette date ne vous convient pas, il vous suffit de nous contacter pour en convenir d'une autre.
{{else}}
Nous vous invitons à nous contacter afin de convenir ensemble d'une date.
{{/if}}

Cet entretien, d'une durée d'environ une heure, peut se tenir dans nos locaux ou à distance. Il est compris dans votre bilan et ne vous sera pas facturé. Il sera l'occasion :

- de mesurer le chemin parcouru depuis la fin du bilan et l'avancement des étapes définies ensemble ;
- d'identifier les difficultés que vous avez pu rencontrer et les ressources à mobiliser ;
- d'ajuster, si nécessaire, votre plan d'action.

Vous pouvez joindre {{consultant.first_name}} {{consultant.last_name}}{{#if consultant.phone}} au {{consultant.phone}}{{/if}}{{#if consultant.email}} ou à l'adresse {{consultant.email}}{{/if}}.

Nous vous prions d'agréer, {{#if beneficiary.civility}}{{beneficiary.civility}}{{else}}Madame, Monsieur{{/if}}, l'expression de nos salutations distinguées.

{{consultant.first_name}} {{consultant.last_name}}\\
{{consultant.job_title}}\\
{{firm.name}}`,
  },
];

export const COURRIER_SUIVI_6_MOIS: TemplateDefinition = {
  code: 'courrier-suivi-6-mois',
  name: 'Courrier de suivi à six mois',
  description: "Invitation à l'entretien de suivi, environ six mois après la fin du bilan.",
  category: 'follow_up',
  version: '1',
  sections,
  variables: catalogueFor(sections),
};
