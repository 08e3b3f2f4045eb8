/**
 * Document de synthèse (Code du travail L. 6313-4, R. 6313-4 et suivants): circumstances of the bilan,
 * skills and aptitudes identified, questionnaire results, the professional project and its steps, the
 * training considered (only when planned), the beneficiary's comments and the confidentiality notice.
 * Written to the beneficiary ("vous"). Original text written for Jalon.
 */
import type { TemplateDefinition, TemplateSection, VariableDef } from '../../domain/templates/template.types.js';
import { catalogueFor } from './standard-variables.js';

const RIASEC = 'interets-professionnels';

const sections: TemplateSection[] = [
  {
    key: 'en-tete',
    title: 'Informations générales',
    orderIndex: 0,
    isOptional: false,
    showTitle: false,
    content: `**Bénéficiaire :** {{beneficiary.first_name}} {{beneficiary.last_name}}\\
**Consultant(e) :** {{consultant.first_name}} {{consultant.last_name}}{{#if consultant.job_title}}, {{consultant.job_title}}{{/if}}\\
**Organisme :** {{firm.name}}\\
**Période du bilan :** du {{assessment.start_date}} au {{#if assessment.actual_end_date}}{{assessment.actual_end_date}}{{else}}{{assessment.expected_end_date}}{{/if}}\\
**Durée de l'accompagnement :** {{assessment.completed_hours}}

Ce document de synthèse a été rédigé à l'issue de votre bilan de compétences par {{consultant.first_name}} {{consultant.last_name}}, sous la responsabilité de l'organisme {{firm.name}}. Il vous a été présenté avant sa finalisation afin que vous puissiez y apporter vos observations.`,
  },
  {
    key: 'circonstances',
    title: 'Circonstances du bilan',
    orderIndex: 1,
    isOptional: false,
    content: `{{synthesis.circumstances}}

{{#if synthesis.initial_request}}
**Votre demande initiale :** {{synthesis.initial_request}}
{{/if}}

Le bilan s'est déroulé en trois phases : une phase préliminaire pour analyser votre demande et convenir de la démarche, une phase d'investigation pour explorer vos intérêts, vos valeurs, vos compétences et les pistes possibles, puis une phase de conclusion pour formaliser votre projet et ses étapes.

{{#if phases}}
| Phase | Période | Heures réalisées |
|---|---|--:|
{{#each phases}}
| {{this.name}} | {{#if this.start_date}}{{this.start_date | shortdate}} – {{this.end_date | shortdate}}{{/if}} | {{this.hours_completed}} |
{{/each}}
{{/if}}`,
  },
  {
    key: 'competences',
    title: 'Compétences et aptitudes identifiées',
    orderIndex: 2,
    isOptional: false,
    content: `Au cours du bilan, nous avons mis en évidence ensemble les compétences suivantes, acquises dans votre parcours professionnel comme dans vos activités personnelles :

{{#each synthesis.skills}}
- **{{this.label}}**{{#if this.detail}} : {{this.detail}}{{/if}}
{{/each}}

{{#if synthesis.aptitudes}}
# Aptitudes et qualités personnelles

{{#each synthesis.aptitudes}}
- {{this}}
{{/each}}
{{/if}}

{{#if synthesis.motivations}}
# Valeurs et motivations

{{synthesis.motivations}}
{{/if}}`,
  },
  {
    key: 'resultats',
    title: 'Résultats des questionnaires',
    orderIndex: 3,
    isOptional: true,
    content: `{{#if scores.${RIASEC}}}
# {{scores.${RIASEC}.title}}

{{chart:${RIASEC}}}

Vos domaines d'intérêt dominants sont : **{{scores.${RIASEC}.top1.label}}**{{#if scores.${RIASEC}.top2}}, **{{scores.${RIASEC}.top2.label}}**{{/if}}{{#if scores.${RIASEC}.top3}} et **{{scores.${RIASEC}.top3.label}}**{{/if}}.

| Domaine | Score (sur 100) | Interprétation |
|---|:-:|---|
{{#each scores.${RIASEC}.categories}}
| {{this.label}} | {{this.score}} | {{this.interpretation}} |
{{/each}}
{{/if}}

{{#if synthesis.questionnaires_comment}}
{{synthesis.questionnaires_comment}}
{{/if}}

*Ces résultats sont des repères : ils ont été commentés avec vous et ne constituent pas, à eux seuls, une orientation.*`,
  },
  {
    key: 'projet',
    title: 'Projet professionnel',
    orderIndex: 4,
    isOptional: false,
    content: `# {{synthesis.project_title}}

{{synthesis.project_description}}

{{#if synthesis.alternative_project}}
# Piste alternative

{{synthesis.alternative_project}}
{{/if}}`,
  },
  {
    key: 'etapes',
    title: 'Étapes de mise en œuvre',
    orderIndex: 5,
    isOptional: false,
    content: `Pour concrétiser votre projet, nous avons convenu ensemble des étapes suivantes :

| Étape | Échéance | Moyens et ressources |
|---|---|---|
{{#each synthesis.steps}}
| {{@number}}. {{this.label}} | {{this.deadline}} | {{this.resources}} |
{{/each}}

Un entretien de suivi vous sera proposé environ six mois après la fin du bilan{{#if assessment.follow_up_date}}, aux alentours du {{assessment.follow_up_date}}{{/if}}, pour faire le point sur l'avancement de ces étapes.`,
  },
  {
    key: 'formation',
    title: 'Formation envisagée',
    orderIndex: 6,
    isOptional: true,
    condition: { variable: 'synthesis.training_planned', operator: 'equals', value: 'true' },
    content: `Votre projet nécessite une formation complémentaire :

- **Formation :** {{synthesis.training_title}}
{{#if synthesis.training_organization}}
- **Organisme pressenti :** {{synthesis.training_organization}}
{{/if}}
{{#if synthesis.training_duration}}
- **Durée :** {{synthesis.training_duration}}
{{/if}}
{{#if synthesis.training_funding}}
- **Financement envisagé :** {{synthesis.training_funding}}
{{/if}}`,
  },
  {
    key: 'observations',
    title: 'Vos observations',
    orderIndex: 7,
    isOptional: true,
    content: `{{#if synthesis.beneficiary_comments}}
{{synthesis.beneficiary_comments}}
{{else}}
Vous pouvez nous faire part de vos observations sur ce document ; elles seront prises en compte avant sa version définitive.
{{/if}}`,
  },
  {
    key: 'confidentialite',
    title: 'Confidentialité',
    orderIndex: 8,
    isOptional: false,
    content: `Vous êtes le seul destinataire des résultats détaillés et de ce document de synthèse (articles L. 6313-4 et R. 6313-7 du Code du travail). Ils ne peuvent être communiqués à une autre personne ou à un autre organisme, y compris votre employeur ou le financeur du bilan, qu'avec votre accord.

Les personnes qui ont réalisé ce bilan sont tenues au secret professionnel (articles 226-13 et 226-14 du Code pénal).

{{#if assessment.documents_kept}}
Avec votre accord écrit, les documents de travail élaborés pendant le bilan sont conservés en vue de l'entretien de suivi, puis détruits au plus tard le {{assessment.documents_destruction_date}}.
{{else}}
Les documents de travail élaborés pendant le bilan sont détruits à son terme ; seul ce document vous est remis.
{{/if}}

Fait à {{firm.city}}, le {{today}}.`,
  },
];

const specific: VariableDef[] = [
  { name: 'synthesis.circumstances', type: 'text', isRequired: true, description: 'Contexte et raisons du bilan' },
  { name: 'synthesis.initial_request', type: 'text', isRequired: false, description: 'Demande initiale' },
  { name: 'synthesis.skills', type: 'list', isRequired: true, description: 'Compétences identifiées' },
  { name: 'synthesis.skills.label', type: 'text', isRequired: true, description: 'Compétence' },
  { name: 'synthesis.skills.detail', type: 'text', isRequired: false, description: 'Précisions' },
  { name: 'synthesis.aptitudes', type: 'list', isRequired: false, description: 'Aptitudes et qualités' },
  { name: 'synthesis.motivations', type: 'text', isRequired: false, description: 'Valeurs et motivations' },
  {
    name: 'synthesis.questionnaires_comment',
    type: 'text',
    isRequired: false,
    description: 'Commentaire des résultats',
  },
  { name: 'synthesis.project_title', type: 'text', isRequired: true, description: 'Intitulé du projet' },
  { name: 'synthesis.project_description', type: 'text', isRequired: true, description: 'Description du projet' },
  { name: 'synthesis.alternative_project', type: 'text', isRequired: false, description: 'Piste alternative' },
  { name: 'synthesis.steps', type: 'list', isRequired: true, description: 'Étapes de mise en œuvre' },
  { name: 'synthesis.steps.label', type: 'text', isRequired: true, description: 'Étape' },
  { name: 'synthesis.steps.deadline', type: 'text', isRequired: false, description: 'Échéance' },
  { name: 'synthesis.steps.resources', type: 'text', isRequired: false, description: 'Moyens et ressources' },
  { name: 'synthesis.training_planned', type: 'boolean', isRequired: false, description: 'Formation envisagée' },
  { name: 'synthesis.training_title', type: 'text', isRequired: true, description: 'Intitulé de la formation' },
  { name: 'synthesis.training_organization', type: 'text', isRequired: false, description: 'Organisme pressenti' },
  { name: 'synthesis.training_duration', type: 'text', isRequired: false, description: 'Durée de la formation' },
  { name: 'synthesis.training_funding', type: 'text', isRequired: false, description: 'Financement envisagé' },
  {
    name: 'synthesis.beneficiary_comments',
    type: 'text',
    isRequired: false,
    description: 'Observations du bénéficiaire',
  },
];

export const DOCUMENT_DE_SYNTHESE: TemplateDefinition = {
  code: 'document-de-synthese',
  name: 'Document de synthèse',
  description: 'Synthèse remise au bénéficiaire à la fin du bilan de compétences.',
  category: 'synthesis',
  version: '1',
  sections,
  variables: catalogueFor(sections, { specific, required: ['assessment.completed_hours'] }),
};
