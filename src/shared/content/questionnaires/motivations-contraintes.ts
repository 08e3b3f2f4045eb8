/**
 * « Motivations et contraintes du projet professionnel » — original questionnaire written for Jalon.
 * Six categories measure the room for manoeuvre in each area (higher = fewer constraints). Several
 * rules use formulas: a reversed scale, capped or inverted counts of constraints. The motivation
 * questions (text and a single choice) are not scored: they feed the interview.
 */
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import { category, deepFreeze, multipleChoice, rule, scale, singleChoice, textQuestion } from './builders.js';

/** Reversed scale: 1 (strong urgency) gives the most points. */
export const FORMULE_ECHELLE_INVERSEE = '(min + max - value) * weight';
/** Up to two means of transport count; more do not add room for manoeuvre. */
export const FORMULE_MOYENS_PLAFONNES = 'min(value, 2) * weight';
/** Each declared constraint removes one point out of three. */
export const FORMULE_CONTRAINTES = 'max(0, 3 - value) * weight';

export const MOTIVATIONS_CONTRAINTES: QuestionnaireDefinition = deepFreeze({
  format: 'jalon.questionnaire',
  formatVersion: 1,
  code: 'motivations-contraintes',
  version: 1,
  title: 'Motivations et contraintes du projet professionnel',
  description:
    'Faire le point sur ce qui vous pousse à changer et sur les ressources et contraintes qui encadrent votre projet : mobilité, formation, revenus, temps disponible, santé et conditions de travail, soutien de l’entourage.',
  instructions:
    'Répondez au regard de votre situation actuelle et de ce que vous pouvez raisonnablement envisager. Les scores indiquent votre marge de manœuvre dans chaque domaine : un score bas ne remet pas en cause votre projet, il signale un point à anticiper. Vous n’avez à communiquer aucune information médicale.',
  category: 'other',
  estimatedTimeMinutes: 15,
  sections: [
    {
      key: 'motivations',
      title: 'Vos motivations',
      isOptional: false,
      questions: [
        textQuestion(
          'motiv_declencheur',
          'Qu’est-ce qui vous amène aujourd’hui à envisager une évolution professionnelle ?',
          { helpText: 'Quelques phrases suffisent : un événement, une envie, une difficulté…' },
        ),
        singleChoice('motiv_principale', 'Parmi ces motivations, laquelle est la plus forte pour vous ?', [
          ['sens', 'Trouver davantage de sens dans votre travail'],
          ['revenus', 'Améliorer vos revenus'],
          ['conditions', 'Améliorer vos conditions de travail'],
          ['evolution', 'Évoluer, prendre des responsabilités'],
          ['passion', 'Exercer un métier qui vous passionne'],
          ['contrainte', 'Faire face à une situation imposée (licenciement, inaptitude, déménagement…)'],
        ]),
        textQuestion(
          'motiv_projection',
          'Décrivez en quelques lignes la situation professionnelle que vous aimeriez vivre dans trois ans.',
          { isRequired: false },
        ),
      ],
    },
    {
      key: 'mobilite',
      title: 'Mobilité',
      isOptional: false,
      questions: [
        singleChoice(
          'mob_distance',
          'Quel temps de trajet quotidien (aller simple) pourriez-vous accepter pour un nouvel emploi ?',
          [
            ['moins-15-min', 'Moins de 15 minutes', 0],
            ['30-min', 'Jusqu’à 30 minutes', 1],
            ['1-heure', 'Jusqu’à une heure', 2],
            ['plus-1-heure', 'Plus d’une heure', 3],
          ],
        ),
        singleChoice('mob_demenagement', 'Un déménagement serait-il envisageable pour votre projet ?', [
          ['non', 'Non, c’est exclu', 0],
          ['conditions', 'Peut-être, sous certaines conditions', 1],
          ['oui', 'Oui, sans difficulté majeure', 2],
        ]),
        scale(
          'mob_deplacements',
          'Dans quelle mesure des déplacements professionnels réguliers (plusieurs jours par mois) vous conviendraient-ils ?',
          { min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' },
        ),
        multipleChoice(
          'mob_moyens',
          'De quels moyens de transport disposez-vous pour vous rendre au travail ?',
          [
            ['voiture', 'Permis B et véhicule personnel', 1],
            ['transports', 'Transports en commun accessibles depuis votre domicile', 1],
            ['deux-roues', 'Deux-roues (vélo, scooter, moto)', 1],
            ['aucun', 'Aucun de ces moyens', 0],
          ],
          {},
          { helpText: 'Plusieurs réponses possibles.' },
        ),
      ],
    },
    {
      key: 'formation',
      title: 'Formation',
      isOptional: false,
      questions: [
        scale('form_disposition', 'Quelle est votre disposition à suivre une formation pour réaliser votre projet ?', {
          min: 1,
          max: 5,
          minLabel: 'Aucune',
          maxLabel: 'Très forte',
        }),
        singleChoice('form_duree', 'Quelle durée de formation pourriez-vous envisager ?', [
          ['aucune', 'Aucune formation', 0],
          ['jours', 'Quelques jours', 1],
          ['semaines', 'Quelques semaines (jusqu’à trois mois)', 2],
          ['mois', 'Plusieurs mois (jusqu’à un an)', 3],
          ['annees', 'Plus d’un an', 4],
        ]),
        multipleChoice(
          'form_modalites',
          'Quelles modalités de formation seraient compatibles avec votre situation ?',
          [
            ['presentiel', 'En présentiel, en journée', 1],
            ['distance', 'À distance', 1],
            ['soir', 'En soirée ou le week-end', 1],
            ['alternance', 'En alternance avec une activité professionnelle', 1],
            ['aucune', 'Aucune pour le moment', 0],
          ],
          {},
          { helpText: 'Plusieurs réponses possibles.' },
        ),
        singleChoice(
          'form_droits',
          'Connaissez-vous vos droits et les dispositifs de financement de la formation (compte personnel de formation, projet de transition professionnelle…) ?',
          [
            ['non', 'Non', 0],
            ['vaguement', 'Vaguement', 1],
            ['oui', 'Oui, précisément', 2],
          ],
        ),
      ],
    },
    {
      key: 'revenus',
      title: 'Revenus',
      isOptional: false,
      questions: [
        scale(
          'rev_urgence',
          'À quel point votre situation financière vous oblige-t-elle à retrouver ou à conserver rapidement un revenu équivalent ?',
          { min: 1, max: 5, minLabel: 'Aucune urgence', maxLabel: 'Urgence forte' },
        ),
        singleChoice(
          'rev_baisse',
          'Une baisse temporaire de revenus pendant la transition serait-elle envisageable ?',
          [
            ['non', 'Non', 0],
            ['limitee', 'Oui, si elle reste limitée (moins de 10 %)', 1],
            ['projet', 'Oui, si le projet le justifie', 2],
            ['oui', 'Oui, sans difficulté', 3],
          ],
        ),
        textQuestion(
          'rev_attentes',
          'Quel niveau de rémunération visez-vous à moyen terme, et quel est le minimum en dessous duquel vous ne pourriez pas descendre ?',
          { isRequired: false },
        ),
      ],
    },
    {
      key: 'temps',
      title: 'Temps disponible',
      isOptional: false,
      questions: [
        singleChoice(
          'temps_hebdo',
          'Combien d’heures par semaine pouvez-vous consacrer à votre projet (recherches, rencontres, formation) ?',
          [
            ['moins-2-h', 'Moins de 2 heures', 0],
            ['2-5-h', 'De 2 à 5 heures', 1],
            ['5-10-h', 'De 5 à 10 heures', 2],
            ['plus-10-h', 'Plus de 10 heures', 3],
          ],
        ),
        singleChoice('temps_delai', 'Dans quel délai souhaitez-vous ou devez-vous concrétiser votre projet ?', [
          ['moins-3-mois', 'Moins de 3 mois', 0],
          ['3-6-mois', 'De 3 à 6 mois', 1],
          ['6-12-mois', 'De 6 à 12 mois', 2],
          ['plus-12-mois', 'Plus d’un an', 3],
        ]),
        multipleChoice(
          'temps_contraintes',
          'Quelles contraintes pèsent aujourd’hui sur votre emploi du temps ?',
          [
            ['horaires', 'Les horaires de votre emploi actuel', 1],
            ['famille', 'Des enfants ou des proches à charge', 1],
            ['trajets', 'Des temps de trajet importants', 1],
            ['engagements', 'Des engagements associatifs, électifs ou personnels', 1],
            ['aucune', 'Aucune contrainte particulière', 0],
          ],
          {},
          { helpText: 'Plusieurs réponses possibles.' },
        ),
      ],
    },
    {
      key: 'sante',
      title: 'Santé et conditions de travail',
      description:
        'Ces questions portent sur les conditions de travail compatibles avec votre situation. Vous n’avez pas à en préciser les raisons.',
      isOptional: false,
      questions: [
        multipleChoice(
          'sante_conditions',
          'Certaines conditions de travail sont-elles à éviter pour vous ?',
          [
            ['charges', 'Le port de charges lourdes', 1],
            ['debout', 'La station debout prolongée', 1],
            ['nuit', 'Le travail de nuit ou en horaires décalés', 1],
            ['environnement', 'Le bruit, les poussières ou les produits chimiques', 1],
            ['ecran', 'Le travail prolongé sur écran', 1],
            ['aucune', 'Aucune condition à éviter', 0],
          ],
          {},
          { helpText: 'Plusieurs réponses possibles.' },
        ),
        scale(
          'sante_energie',
          'Comment évaluez-vous l’énergie dont vous disposez aujourd’hui pour engager un changement professionnel ?',
          { min: 1, max: 5, minLabel: 'Très faible', maxLabel: 'Très bonne' },
        ),
        textQuestion(
          'sante_precisions',
          'Souhaitez-vous préciser des conditions de travail à rechercher ou à éviter ?',
          {
            isRequired: false,
            helpText:
              'Ne mentionnez que ce que vous souhaitez partager ; aucune information médicale n’est nécessaire.',
          },
        ),
      ],
    },
    {
      key: 'entourage',
      title: 'Soutien de l’entourage',
      isOptional: false,
      questions: [
        scale('ent_soutien', 'Dans quelle mesure vos proches soutiennent-ils votre projet d’évolution ?', {
          min: 1,
          max: 5,
          minLabel: 'Pas du tout',
          maxLabel: 'Pleinement',
        }),
        singleChoice(
          'ent_relais',
          'Votre entourage peut-il vous décharger de certaines tâches pendant la transition (garde d’enfants, tâches domestiques…) ?',
          [
            ['non', 'Non', 0],
            ['parfois', 'Ponctuellement', 1],
            ['oui', 'Oui, régulièrement', 2],
          ],
        ),
        scale(
          'ent_reseau',
          'Connaissez-vous des personnes capables de vous conseiller sur le métier ou le secteur visé ?',
          { min: 1, max: 5, minLabel: 'Personne', maxLabel: 'Plusieurs personnes' },
        ),
      ],
    },
  ],
  categories: [
    category(
      'mobilite',
      'Mobilité',
      'Marge de manœuvre géographique : trajets, déménagement, déplacements et moyens de transport.',
      [1, 12],
      [
        [
          1,
          4,
          'Mobilité restreinte',
          'Votre mobilité géographique est limitée à ce stade. Votre projet gagnera à cibler des emplois proches de votre domicile ou compatibles avec le télétravail. Il peut être utile d’étudier les solutions de transport et les aides à la mobilité qui élargiraient votre zone de recherche.',
        ],
        [
          5,
          8,
          'Mobilité modérée',
          'Vous disposez d’une mobilité réelle mais encadrée. Définissez précisément votre zone de recherche (temps de trajet acceptable, déplacements ponctuels) afin de concentrer vos démarches sur des offres réalistes.',
        ],
        [
          9,
          12,
          'Mobilité étendue',
          'Votre mobilité est un atout : elle élargit le nombre d’opportunités accessibles, y compris dans d’autres régions ou sur des postes itinérants. Vérifiez que cette disponibilité reste compatible avec votre vie personnelle sur la durée.',
        ],
      ],
    ),
    category(
      'formation',
      'Formation',
      'Possibilité de se former : disposition, durée envisageable, modalités compatibles et connaissance des financements.',
      [1, 15],
      [
        [
          1,
          5,
          'Marge limitée',
          'Les possibilités de vous former sont réduites à ce jour, faute de temps, d’envie ou d’information. Privilégiez des pistes qui valorisent vos compétences actuelles ou qui sont accessibles par des formations courtes. Un point sur vos droits (compte personnel de formation, projet de transition professionnelle) pourra ouvrir d’autres perspectives.',
        ],
        [
          6,
          10,
          'Marge moyenne',
          'Une formation est envisageable, à condition d’en maîtriser la durée et les modalités. Comparez les parcours possibles (certifications, validation des acquis de l’expérience, formations à distance) pour trouver celui qui s’intègre le mieux à votre quotidien.',
        ],
        [
          11,
          15,
          'Marge importante',
          'Vous êtes dans de bonnes dispositions pour vous former, y compris sur une durée significative. Des reconversions exigeant une nouvelle qualification sont donc envisageables. Il reste à construire le plan de financement et à vérifier les débouchés des formations visées.',
        ],
      ],
    ),
    category(
      'revenus',
      'Revenus',
      'Capacité à absorber une période de transition sur le plan financier.',
      [1, 8],
      [
        [
          1,
          3,
          'Contrainte forte',
          'Votre situation financière laisse peu de place à une baisse de revenus. Le projet devra être sécurisé : transition progressive, maintien dans l’emploi pendant la formation, dispositifs de rémunération pendant la reconversion. Une étude précise de votre budget est recommandée avant toute décision.',
        ],
        [
          4,
          6,
          'Contrainte modérée',
          'Vous pouvez accepter un certain effort financier pendant la transition, dans des limites qu’il convient de chiffrer. Estimez la durée pendant laquelle cet effort reste tenable et les solutions de financement mobilisables.',
        ],
        [
          7,
          8,
          'Marge confortable',
          'Vos revenus ne constituent pas un frein majeur à votre projet. Cette marge vous permet d’envisager une formation longue ou une période de lancement d’activité. Gardez néanmoins un calendrier et un budget prévisionnel pour piloter la transition.',
        ],
      ],
    ),
    category(
      'temps',
      'Temps disponible',
      'Temps que vous pouvez consacrer au projet et horizon dont vous disposez.',
      [0, 9],
      [
        [
          0,
          3,
          'Temps très contraint',
          'Votre emploi du temps laisse peu de place au projet, et vos échéances peuvent être courtes. Il sera utile de hiérarchiser les démarches, de repérer les contraintes qui peuvent être allégées et, si nécessaire, de revoir le calendrier.',
        ],
        [
          4,
          6,
          'Temps partiellement disponible',
          'Vous pouvez dégager du temps pour votre projet, de façon régulière mais limitée. Un plan d’action avec des étapes courtes et des rendez-vous fixés à l’avance vous aidera à avancer sans vous disperser.',
        ],
        [
          7,
          9,
          'Temps disponible',
          'Vous disposez de temps et d’un horizon suffisant pour mener votre projet dans de bonnes conditions. Profitez-en pour multiplier les enquêtes métier, les immersions et les rencontres professionnelles.',
        ],
      ],
    ),
    category(
      'sante',
      'Santé et conditions de travail',
      'Conditions de travail compatibles avec votre situation et énergie disponible pour le changement.',
      [1, 8],
      [
        [
          1,
          3,
          'Vigilance importante',
          'Plusieurs conditions de travail sont à éviter, ou votre énergie est actuellement limitée. Ces éléments doivent guider le choix des pistes ; un échange avec la médecine du travail ou un professionnel de santé peut aider à préciser ce qui est compatible. Avancer par étapes permet de préserver votre santé.',
        ],
        [
          4,
          6,
          'Quelques points de vigilance',
          'Quelques conditions de travail sont à prendre en compte. Vérifiez-les systématiquement lors de l’exploration des métiers (postures, horaires, environnement) afin d’écarter rapidement les pistes incompatibles.',
        ],
        [
          7,
          8,
          'Peu de contraintes',
          'Peu de contraintes de santé ou de conditions de travail limitent vos choix, et votre énergie est bonne. C’est un appui solide pour conduire votre projet.',
        ],
      ],
    ),
    category(
      'entourage',
      'Soutien de l’entourage',
      'Soutien moral et pratique de vos proches, et personnes ressources dans le secteur visé.',
      [2, 12],
      [
        [
          2,
          5,
          'Soutien limité',
          'Vous ne pouvez pas compter sur un soutien important de votre entourage pour l’instant. Des relais extérieurs (réseaux professionnels, associations, groupes de personnes en reconversion) peuvent compenser ce manque. Parler de votre projet à vos proches, une fois qu’il sera plus précis, peut aussi faire évoluer leur regard.',
        ],
        [
          6,
          9,
          'Soutien partiel',
          'Votre entourage vous soutient en partie. Identifiez les personnes sur lesquelles vous pouvez vous appuyer et ce que chacune peut vous apporter : encouragements, aide pratique, contacts professionnels.',
        ],
        [
          10,
          12,
          'Soutien solide',
          'Vous bénéficiez d’un soutien solide, à la fois personnel et professionnel. C’est une ressource précieuse dans les moments de doute : n’hésitez pas à la mobiliser, notamment pour rencontrer des professionnels du secteur visé.',
        ],
      ],
    ),
  ],
  rules: [
    rule('mob_distance', 'mobilite'),
    rule('mob_demenagement', 'mobilite'),
    rule('mob_deplacements', 'mobilite'),
    rule('mob_moyens', 'mobilite', 100, FORMULE_MOYENS_PLAFONNES),
    rule('form_disposition', 'formation'),
    rule('form_duree', 'formation'),
    rule('form_modalites', 'formation'),
    rule('form_droits', 'formation'),
    rule('rev_urgence', 'revenus', 100, FORMULE_ECHELLE_INVERSEE),
    rule('rev_baisse', 'revenus'),
    rule('temps_hebdo', 'temps'),
    rule('temps_delai', 'temps'),
    rule('temps_contraintes', 'temps', 100, FORMULE_CONTRAINTES),
    rule('sante_conditions', 'sante', 100, FORMULE_CONTRAINTES),
    rule('sante_energie', 'sante'),
    rule('ent_soutien', 'entourage'),
    rule('ent_relais', 'entourage'),
    rule('ent_reseau', 'entourage'),
  ],
});
