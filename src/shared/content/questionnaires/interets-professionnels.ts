/**
 * « Centres d’intérêt professionnels » — original questionnaire written for Jalon.
 * Six interest domains, each scored from 3 to 18: three scale items (1–5) and one frequency item (0–3).
 * The matrix (work settings) and the free text are not scored: they feed the interview.
 */
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import { category, deepFreeze, matrix, rule, scale, singleChoice, textQuestion } from './builders.js';

const ATTRAIT = { min: 1, max: 5, minLabel: 'Ne m’attire pas du tout', maxLabel: 'M’attire beaucoup' };

const FREQUENCE = [
  ['jamais', 'Jamais', 0],
  ['rarement', 'Rarement', 1],
  ['parfois', 'Parfois', 2],
  ['souvent', 'Souvent', 3],
] as const;

const DOMAINES = ['concret', 'analyse', 'creation', 'relation', 'entreprise', 'organisation'] as const;

export const INTERETS_PROFESSIONNELS: QuestionnaireDefinition = deepFreeze({
  format: 'jalon.questionnaire',
  formatVersion: 1,
  code: 'interets-professionnels',
  version: 1,
  title: 'Centres d’intérêt professionnels',
  description:
    'Repérer les domaines d’activité qui vous attirent, à travers six familles d’intérêts : concret et technique, investigation et analyse, création et expression, relation et aide, initiative et entreprise, organisation et méthode.',
  instructions:
    'Répondez spontanément, en pensant à ce qui vous plaît réellement, et non à ce que vous savez déjà faire ou à ce que l’on attendrait de vous. Il n’y a ni bonne ni mauvaise réponse. Les résultats ne désignent pas un métier à votre place : ils servent de point de départ à l’échange avec la personne qui vous accompagne.',
  category: 'interests',
  estimatedTimeMinutes: 15,
  sections: [
    {
      key: 'activites',
      title: 'Activités qui vous attirent',
      description:
        'Indiquez dans quelle mesure chaque activité vous attire, indépendamment de votre expérience ou de votre niveau de formation.',
      isOptional: false,
      questions: [
        scale('act_concret_1', 'Réparer, régler ou entretenir un équipement, une machine ou un véhicule.', ATTRAIT),
        scale(
          'act_analyse_1',
          'Chercher l’origine d’un problème en rassemblant des indices et en testant des hypothèses.',
          ATTRAIT,
        ),
        scale('act_creation_1', 'Imaginer un visuel, un objet, un espace ou une mise en scène.', ATTRAIT),
        scale(
          'act_relation_1',
          'Écouter une personne en difficulté et l’aider à trouver ses propres solutions.',
          ATTRAIT,
        ),
        scale('act_entreprise_1', 'Convaincre un interlocuteur, négocier un accord ou défendre un projet.', ATTRAIT),
        scale(
          'act_organisation_1',
          'Classer, vérifier et tenir à jour des dossiers, des tableaux ou des bases de données.',
          ATTRAIT,
        ),
        scale(
          'act_concret_2',
          'Fabriquer ou assembler un objet de vos mains, à partir d’un plan ou d’une idée.',
          ATTRAIT,
        ),
        scale(
          'act_analyse_2',
          'Analyser des chiffres, des données ou des résultats d’expérience pour en tirer des conclusions.',
          ATTRAIT,
        ),
        scale(
          'act_creation_2',
          'Écrire des textes, raconter des histoires ou trouver les mots justes pour faire passer un message.',
          ATTRAIT,
        ),
        scale('act_relation_2', 'Expliquer, former ou transmettre un savoir-faire à d’autres personnes.', ATTRAIT),
        scale(
          'act_entreprise_2',
          'Lancer une activité nouvelle, prendre des risques mesurés et en assumer les résultats.',
          ATTRAIT,
        ),
        scale(
          'act_organisation_2',
          'Planifier des tâches, suivre un budget ou un calendrier et veiller au respect des délais.',
          ATTRAIT,
        ),
        scale('act_concret_3', 'Travailler sur un chantier, en atelier ou en extérieur, avec des outils.', ATTRAIT),
        scale(
          'act_analyse_3',
          'Approfondir un sujet complexe en vous documentant et en comparant différentes sources.',
          ATTRAIT,
        ),
        scale(
          'act_creation_3',
          'Pratiquer une activité artistique : musique, dessin, photographie, théâtre, artisanat d’art…',
          ATTRAIT,
        ),
        scale(
          'act_relation_3',
          'Accompagner des personnes dans la durée : soin, éducation, insertion, conseil.',
          ATTRAIT,
        ),
        scale('act_entreprise_3', 'Prendre la tête d’une équipe ou d’un projet et décider des priorités.', ATTRAIT),
        scale(
          'act_organisation_3',
          'Appliquer et faire respecter des procédures précises pour garantir la qualité ou la conformité.',
          ATTRAIT,
        ),
      ],
    },
    {
      key: 'habitudes',
      title: 'Vos habitudes',
      description:
        'Indiquez à quelle fréquence ces situations se présentent, dans votre vie professionnelle comme dans votre vie personnelle.',
      isOptional: false,
      questions: [
        singleChoice(
          'freq_concret',
          'À quelle fréquence prenez-vous l’initiative de bricoler, de réparer ou d’installer quelque chose vous-même ?',
          FREQUENCE,
        ),
        singleChoice(
          'freq_analyse',
          'À quelle fréquence cherchez-vous à comprendre en détail comment quelque chose fonctionne ?',
          FREQUENCE,
        ),
        singleChoice(
          'freq_creation',
          'À quelle fréquence proposez-vous des idées originales ou une manière nouvelle de présenter les choses ?',
          FREQUENCE,
        ),
        singleChoice(
          'freq_relation',
          'À quelle fréquence des proches ou des collègues viennent-ils vers vous pour demander conseil ou soutien ?',
          FREQUENCE,
        ),
        singleChoice(
          'freq_entreprise',
          'À quelle fréquence vous portez-vous volontaire pour piloter un projet ou représenter un groupe ?',
          FREQUENCE,
        ),
        singleChoice(
          'freq_organisation',
          'À quelle fréquence mettez-vous en place des listes, des plannings ou des méthodes pour que les choses soient bien organisées ?',
          FREQUENCE,
        ),
      ],
    },
    {
      key: 'cadres',
      title: 'Cadres de travail',
      description:
        'Cette partie n’entre pas dans le calcul des scores : elle aide à préciser, avec la personne qui vous accompagne, l’environnement dans lequel vos centres d’intérêt pourraient s’exprimer.',
      isOptional: false,
      questions: [
        matrix(
          'cadres_travail',
          'Pour chacun de ces cadres de travail, indiquez s’il vous attire.',
          [
            ['exterieur', 'Travailler principalement en extérieur'],
            ['atelier', 'Travailler en atelier, en laboratoire ou sur un site technique'],
            ['bureau', 'Travailler principalement au bureau, sur écran'],
            ['public', 'Être au contact du public tout au long de la journée'],
            ['deplacements', 'Vous déplacer régulièrement chez des clients ou sur différents sites'],
            ['autonomie', 'Travailler en autonomie, sans équipe autour de vous'],
            ['equipe', 'Travailler au sein d’une équipe soudée'],
          ],
          [
            ['a-eviter', 'À éviter'],
            ['indifferent', 'Indifférent'],
            ['souhaite', 'Souhaité'],
          ],
        ),
      ],
    },
    {
      key: 'expression',
      title: 'Pour aller plus loin',
      isOptional: true,
      questions: [
        textQuestion(
          'activite_absorbante',
          'Décrivez une activité, professionnelle ou non, pendant laquelle vous ne voyez pas le temps passer. Qu’est-ce qui vous plaît dans cette activité ?',
          { isRequired: false },
        ),
      ],
    },
  ],
  categories: [
    category(
      'concret',
      'Concret et technique',
      'Goût pour l’action sur la matière, les outils et les machines, et pour les résultats tangibles.',
      [3, 18],
      [
        [
          3,
          8,
          'Intérêt faible',
          'Les activités manuelles et techniques vous attirent peu pour l’instant. Un métier centré sur l’outil, la machine ou le chantier risque de vous sembler éloigné de vos envies. Cela n’exclut pas certaines tâches concrètes : il peut être utile de repérer, avec la personne qui vous accompagne, celles qui vous conviennent malgré tout.',
        ],
        [
          9,
          13,
          'Intérêt modéré',
          'Vous appréciez les activités concrètes sans qu’elles soient au cœur de vos motivations. Un poste qui associe une part de pratique (installation, prototypage, intervention sur site) à d’autres dimensions peut vous convenir. Demandez-vous quelle part de « faire » vous est nécessaire pour vous sentir utile.',
        ],
        [
          14,
          18,
          'Intérêt marqué',
          'L’action concrète et les résultats visibles comptent beaucoup pour vous. Les métiers techniques, de la maintenance, du bâtiment, de l’industrie, de l’agriculture ou de l’artisanat méritent d’être explorés, par exemple au moyen d’enquêtes métier ou d’immersions. Vérifiez les conditions d’exercice (horaires, efforts physiques, environnement) au regard de vos contraintes.',
        ],
      ],
    ),
    category(
      'analyse',
      'Investigation et analyse',
      'Goût pour la compréhension, la recherche, les données et la résolution de problèmes complexes.',
      [3, 18],
      [
        [
          3,
          8,
          'Intérêt faible',
          'La recherche approfondie et l’analyse de données vous attirent peu. Des postes où l’essentiel du temps est consacré à étudier, modéliser ou enquêter pourraient vous lasser. Vous préférerez sans doute des activités où la réflexion débouche rapidement sur une action ou un échange.',
        ],
        [
          9,
          13,
          'Intérêt modéré',
          'Vous aimez comprendre et raisonner, surtout lorsque cela sert un objectif concret. Un poste comportant une part d’analyse (diagnostic, contrôle, étude des besoins) peut vous stimuler sans vous enfermer dans un travail exclusivement intellectuel.',
        ],
        [
          14,
          18,
          'Intérêt marqué',
          'Comprendre, chercher et résoudre des problèmes complexes vous motive fortement. Les métiers des études, de la recherche, de l’analyse de données, de l’expertise technique, du diagnostic ou de la qualité sont des pistes à explorer. Interrogez-vous sur le niveau de formation requis et sur votre goût pour le travail de fond, parfois solitaire.',
        ],
      ],
    ),
    category(
      'creation',
      'Création et expression',
      'Goût pour l’imagination, l’esthétique, l’écriture et les formes d’expression personnelles.',
      [3, 18],
      [
        [
          3,
          8,
          'Intérêt faible',
          'Les activités d’expression artistique ou de conception vous attirent peu. Vous êtes probablement plus à l’aise dans un cadre où les attentes sont définies que face à une page blanche. Cette préférence est utile à connaître pour écarter des pistes qui sembleraient séduisantes de loin.',
        ],
        [
          9,
          13,
          'Intérêt modéré',
          'Vous appréciez de pouvoir apporter votre touche personnelle, sans que la création soit une fin en soi. Des fonctions qui laissent une place à l’initiative dans la présentation, la communication ou l’amélioration des pratiques peuvent répondre à ce besoin.',
        ],
        [
          14,
          18,
          'Intérêt marqué',
          'Imaginer, concevoir et vous exprimer sont au cœur de vos intérêts. Les métiers de la communication, du design, de l’écriture, des arts, de l’artisanat d’art ou de l’aménagement d’espaces sont à considérer. Tenez compte de la réalité économique de ces secteurs (statuts, concurrence, revenus) et des passerelles possibles vers des fonctions salariées.',
        ],
      ],
    ),
    category(
      'relation',
      'Relation et aide',
      'Goût pour l’écoute, l’accompagnement, la transmission et le service aux personnes.',
      [3, 18],
      [
        [
          3,
          8,
          'Intérêt faible',
          'L’accompagnement des personnes et la relation d’aide vous attirent peu. Un poste où l’essentiel consiste à écouter, soigner ou former pourrait vous peser. Cela n’empêche pas d’aimer travailler avec d’autres : précisez le type de contacts humains qui vous convient.',
        ],
        [
          9,
          13,
          'Intérêt modéré',
          'Vous appréciez d’être utile aux autres, sans faire de la relation d’aide le centre de votre activité. Des fonctions où l’on conseille ou forme ponctuellement, en appui d’une expertise, peuvent vous correspondre.',
        ],
        [
          14,
          18,
          'Intérêt marqué',
          'Aider, accompagner et transmettre vous motive fortement. Les métiers du soin, du travail social, de l’éducation, de la formation, de l’insertion, des ressources humaines ou du conseil sont des pistes naturelles. Pensez aussi à votre besoin de récupération : ces métiers sont exigeants sur le plan émotionnel.',
        ],
      ],
    ),
    category(
      'entreprise',
      'Initiative et entreprise',
      'Goût pour l’influence, la prise de décision, le développement de projets et la conduite d’équipes.',
      [3, 18],
      [
        [
          3,
          8,
          'Intérêt faible',
          'Convaincre, négocier ou diriger vous attire peu. Les postes à forts objectifs commerciaux ou à responsabilité hiérarchique risquent de ne pas vous motiver durablement. Vous pouvez en revanche exercer une influence réelle par votre expertise ou votre fiabilité.',
        ],
        [
          9,
          13,
          'Intérêt modéré',
          'Vous pouvez prendre des initiatives et porter un projet lorsque le contexte s’y prête, sans rechercher systématiquement les responsabilités. Des fonctions de coordination, de pilotage de projet ou de référent peuvent constituer une étape intéressante.',
        ],
        [
          14,
          18,
          'Intérêt marqué',
          'Prendre des décisions, entreprendre et entraîner les autres vous motive. Les fonctions commerciales et managériales, la création ou la reprise d’entreprise et le développement de projets sont à explorer. Évaluez avec soin les risques financiers et le rythme de travail associés, notamment en cas de projet entrepreneurial.',
        ],
      ],
    ),
    category(
      'organisation',
      'Organisation et méthode',
      'Goût pour la structure, la précision, la planification et la fiabilité des processus.',
      [3, 18],
      [
        [
          3,
          8,
          'Intérêt faible',
          'Les tâches de suivi, de classement et de contrôle vous attirent peu. Un poste très encadré par des procédures pourrait vous paraître contraignant. Vous vous épanouirez sans doute davantage dans un environnement qui laisse place à l’imprévu et à l’improvisation.',
        ],
        [
          9,
          13,
          'Intérêt modéré',
          'Vous appréciez un cadre organisé et savez vous appuyer sur des méthodes, sans en faire le cœur de votre activité. Des fonctions qui combinent rigueur et variété (coordination, gestion de projet, fonctions support) peuvent vous convenir.',
        ],
        [
          14,
          18,
          'Intérêt marqué',
          'Structurer, planifier et garantir la fiabilité des informations vous motive. Les métiers de la gestion, de la comptabilité, de l’administration, de la logistique, de la qualité ou de l’assistanat de direction sont des pistes à étudier. Votre sens de la méthode est un atout recherché dans de nombreux secteurs.',
        ],
      ],
    ),
  ],
  rules: DOMAINES.flatMap((domaine) => [
    rule(`act_${domaine}_1`, domaine),
    rule(`act_${domaine}_2`, domaine),
    rule(`act_${domaine}_3`, domaine),
    rule(`freq_${domaine}`, domaine),
  ]),
});
