/**
 * Convention de bilan de compétences: bipartite (provider and beneficiary) or tripartite (with the
 * employer, when `assessment.is_tripartite`), as for a bilan within the employer's plan de développement
 * des compétences. Objectives, duration (at most 24 hours), phases, price and funding, confidentiality,
 * working documents, consent, interruption, signatures. Original text written for Jalon.
 */
import type { TemplateDefinition, TemplateSection } from '../../domain/templates/template.types.js';
import { catalogueFor } from './standard-variables.js';

const sections: TemplateSection[] = [
  {
    key: 'parties',
    title: 'Entre les soussignés',
    orderIndex: 0,
    isOptional: false,
    content: `**{{firm.name}}**, {{firm.address}}, {{firm.postal_code}} {{firm.city}}{{#if firm.siret}}, SIRET {{firm.siret}}{{/if}}{{#if firm.nda}}, déclaration d'activité enregistrée sous le numéro {{firm.nda}}{{/if}}, représenté par {{firm.representative_name}}{{#if firm.representative_role}}, {{firm.representative_role}}{{/if}}, ci-après « le prestataire » ;

{{#if assessment.is_tripartite}}
**{{employer.name}}**, {{employer.address}}, {{employer.postal_code}} {{employer.city}}{{#if employer.siret}}, SIRET {{employer.siret}}{{/if}}, représenté par {{employer.representative_name}}{{#if employer.representative_role}}, {{employer.representative_role}}{{/if}}, ci-après « l'employeur » ;
{{/if}}

et {{#if beneficiary.civility}}{{beneficiary.civility}} {{/if}}**{{beneficiary.first_name}} {{beneficiary.last_name}}**{{#if beneficiary.address}}, demeurant {{beneficiary.address}}, {{beneficiary.postal_code}} {{beneficiary.city}}{{/if}}{{#if beneficiary.job_title}}, {{beneficiary.job_title}}{{/if}}, ci-après « le bénéficiaire ».

Il est convenu ce qui suit.`,
  },
  {
    key: 'objet',
    title: 'Article 1 – Objet',
    orderIndex: 1,
    isOptional: false,
    content: `La présente convention a pour objet la réalisation d'un bilan de compétences, dont le bénéficiaire est {{beneficiary.first_name}} {{beneficiary.last_name}}.

Conformément à l'article L. 6313-4 du Code du travail, ce bilan doit permettre au bénéficiaire d'analyser ses compétences professionnelles et personnelles, ses aptitudes et ses motivations, afin de définir un projet professionnel et, le cas échéant, un projet de formation.

{{#if assessment.objectives}}
**Objectifs convenus avec le bénéficiaire :** {{assessment.objectives}}
{{/if}}`,
  },
  {
    key: 'duree',
    title: 'Article 2 – Durée et calendrier',
    orderIndex: 2,
    isOptional: false,
    content: `Le bilan représente une durée totale de {{assessment.total_hours}} d'accompagnement, dans la limite de vingt-quatre heures. Il se déroule du {{assessment.start_date}} au {{assessment.expected_end_date}}, sous la forme d'entretiens individuels et de travaux personnels, {{#if assessment.modality}}{{assessment.modality}}{{else}}en présentiel{{/if}}{{#if assessment.location}} ({{assessment.location}}){{/if}}.

Les dates des séances sont fixées d'un commun accord entre le bénéficiaire et {{consultant.first_name}} {{consultant.last_name}}, consultant(e) chargé(e) du bilan.`,
  },
  {
    key: 'deroulement',
    title: 'Article 3 – Déroulement',
    orderIndex: 3,
    isOptional: false,
    content: `Le bilan comprend trois phases, conduites par le prestataire :

1. **Phase préliminaire** : confirmer l'engagement du bénéficiaire, analyser sa demande et ses besoins, l'informer des conditions de déroulement du bilan et des méthodes employées ;
2. **Phase d'investigation** : explorer ses intérêts, ses valeurs, ses compétences et ses aptitudes, et étudier les pistes professionnelles possibles ;
3. **Phase de conclusion** : restituer les résultats au cours d'entretiens individuels, formaliser le projet et les étapes de sa mise en œuvre, et remettre le document de synthèse.

{{#if phases}}
Répartition prévisionnelle des heures :

| Phase | Heures prévues |
|---|--:|
{{#each phases}}
| {{this.name}} | {{this.hours_allocated}} |
{{/each}}
{{/if}}

Un entretien de suivi est proposé au bénéficiaire environ six mois après la fin du bilan ; il est compris dans le prix.`,
  },
  {
    key: 'prix',
    title: 'Article 4 – Prix et financement',
    orderIndex: 4,
    isOptional: false,
    content: `Le prix du bilan est fixé à {{assessment.price}}{{#if assessment.vat_exempt}}, exonéré de TVA en application de l'article 261-4-4° a du Code général des impôts{{/if}}. Il comprend les entretiens, les outils d'évaluation, la rédaction du document de synthèse et l'entretien de suivi.

**Financement :** {{assessment.funding_label}}{{#if assessment.funding_organization}} – {{assessment.funding_organization}}{{/if}}{{#if assessment.funding_reference}} (dossier n° {{assessment.funding_reference}}){{/if}}.

{{#if assessment.funding_type equals "personal"}}
Le bénéficiaire, qui finance le bilan à titre individuel, dispose d'un délai de quatorze jours à compter de la signature de la présente convention pour se rétracter, par lettre recommandée avec avis de réception. Aucune somme ne peut être exigée avant l'expiration de ce délai.
{{/if}}`,
  },
  {
    key: 'confidentialite',
    title: 'Article 5 – Confidentialité et destination des résultats',
    orderIndex: 5,
    isOptional: false,
    content: `Le bénéficiaire est le seul destinataire des résultats détaillés et du document de synthèse. Ceux-ci ne peuvent être communiqués à une autre personne ou à un autre organisme{{#if assessment.is_tripartite}}, y compris l'employeur signataire,{{/if}} qu'avec son accord.

Le prestataire et ses consultants sont tenus au secret professionnel. Les informations demandées au bénéficiaire présentent un lien direct et nécessaire avec l'objet du bilan.`,
  },
  {
    key: 'documents',
    title: 'Article 6 – Documents de travail et données personnelles',
    orderIndex: 6,
    isOptional: false,
    content: `Les documents élaborés pour la réalisation du bilan sont détruits à son terme. Avec l'accord écrit du bénéficiaire, ils peuvent être conservés pour l'entretien de suivi, pendant un an au plus.

Les données personnelles du bénéficiaire sont traitées par le prestataire pour la seule réalisation du bilan et les obligations légales qui s'y rattachent. Le bénéficiaire peut exercer ses droits d'accès, de rectification et d'effacement auprès du prestataire{{#if firm.email}} ({{firm.email}}){{/if}}.`,
  },
  {
    key: 'consentement',
    title: 'Article 7 – Consentement',
    orderIndex: 7,
    isOptional: false,
    content: `Un bilan de compétences ne peut être réalisé qu'avec le consentement du bénéficiaire. En signant la présente convention, celui-ci confirme son engagement dans la démarche.

{{#if assessment.is_tripartite}}
Le refus d'un salarié de consentir à un bilan de compétences ne constitue ni une faute ni un motif de licenciement.
{{/if}}`,
  },
  {
    key: 'interruption',
    title: 'Article 8 – Interruption',
    orderIndex: 8,
    isOptional: false,
    content: `Le bénéficiaire peut mettre fin au bilan à tout moment en informant le prestataire. Seules les prestations effectivement réalisées sont alors dues, au prorata des heures réalisées.`,
  },
  {
    key: 'signatures',
    title: 'Signatures',
    orderIndex: 9,
    isOptional: false,
    showTitle: false,
    content: `Fait à {{firm.city}}, le {{today}}, en {{#if assessment.is_tripartite}}trois{{else}}deux{{/if}} exemplaires originaux.

{{#if assessment.is_tripartite}}
| Pour le prestataire | Pour l'employeur | Le bénéficiaire |
|---|---|---|
| {{firm.representative_name}} | {{employer.representative_name}} | {{beneficiary.first_name}} {{beneficiary.last_name}} |
| Signature | Signature | Signature précédée de la mention « Lu et approuvé » |
{{else}}
| Pour le prestataire | Le bénéficiaire |
|---|---|
| {{firm.representative_name}} | {{beneficiary.first_name}} {{beneficiary.last_name}} |
| Signature | Signature précédée de la mention « Lu et approuvé » |
{{/if}}`,
  },
];

export const CONVENTION_BILAN: TemplateDefinition = {
  code: 'convention-bilan',
  name: 'Convention de bilan de compétences',
  description: 'Convention bipartite ou tripartite (avec l’employeur) de réalisation du bilan.',
  category: 'administrative',
  version: '1',
  sections,
  variables: catalogueFor(sections, {
    required: [
      'firm.representative_name',
      'assessment.expected_end_date',
      'assessment.price',
      'assessment.funding_label',
      'employer.name',
      'employer.representative_name',
    ],
  }),
};
