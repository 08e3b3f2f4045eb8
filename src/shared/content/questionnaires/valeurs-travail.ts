/**
 * « Valeurs professionnelles » — original questionnaire written for Jalon.
 * Seven work values, each scored from 2 to 13: two importance items (1–5) and one preference
 * situation (0–3). The closing free text is not scored.
 */
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import { category, deepFreeze, rule, scale, singleChoice, textQuestion } from './builders.js';

const IMPORTANCE = { min: 1, max: 5, minLabel: 'Peu important', maxLabel: 'Essentiel' };

const VALEURS = ['autonomie', 'securite', 'reconnaissance', 'equilibre', 'sens', 'relations', 'apprentissage'] as const;

const PLAGES = (secondaire: string, importante: string, essentielle: string) =>
  [
    [2, 6, 'Valeur secondaire', secondaire],
    [7, 10, 'Valeur importante', importante],
    [11, 13, 'Valeur essentielle', essentielle],
  ] as const;

export const VALEURS_TRAVAIL: QuestionnaireDefinition = deepFreeze({
  format: 'jalon.questionnaire',
  formatVersion: 1,
  code: 'valeurs-travail',
  version: 1,
  title: 'Valeurs professionnelles',
  description:
    'Identifier ce qui compte le plus pour vous dans le travail, afin de vérifier que votre projet est en accord avec vos valeurs.',
  instructions:
    'Pour chaque affirmation, indiquez l’importance qu’elle a pour vous dans votre vie professionnelle. Pensez à votre situation idéale, sans vous limiter à votre poste actuel. Toutes les valeurs n’ont pas à être élevées : ce sont les écarts entre elles qui sont instructifs.',
  category: 'values',
  estimatedTimeMinutes: 12,
  sections: [
    {
      key: 'importance',
      title: 'Ce qui compte pour vous',
      description: 'Dans votre travail, dans quelle mesure est-il important pour vous de…',
      isOptional: false,
      questions: [
        scale('imp_autonomie_1', 'Organiser votre travail comme vous l’entendez.', IMPORTANCE),
        scale('imp_securite_1', 'Bénéficier d’un emploi stable et d’une visibilité sur l’avenir.', IMPORTANCE),
        scale(
          'imp_reconnaissance_1',
          'Voir vos efforts et vos résultats reconnus par votre hiérarchie ou vos clients.',
          IMPORTANCE,
        ),
        scale('imp_equilibre_1', 'Préserver du temps pour votre vie personnelle et familiale.', IMPORTANCE),
        scale('imp_sens_1', 'Contribuer à une cause ou à un projet qui vous semble utile à la société.', IMPORTANCE),
        scale(
          'imp_relations_1',
          'Travailler dans une ambiance conviviale, avec des collègues que vous appréciez.',
          IMPORTANCE,
        ),
        scale('imp_apprentissage_1', 'Apprendre régulièrement de nouvelles choses.', IMPORTANCE),
        scale('imp_autonomie_2', 'Prendre vos décisions sans avoir à les faire valider en permanence.', IMPORTANCE),
        scale('imp_securite_2', 'Disposer d’un revenu régulier sur lequel vous pouvez compter.', IMPORTANCE),
        scale(
          'imp_reconnaissance_2',
          'Pouvoir progresser en responsabilités, en statut ou en rémunération.',
          IMPORTANCE,
        ),
        scale(
          'imp_equilibre_2',
          'Avoir des horaires compatibles avec vos engagements en dehors du travail.',
          IMPORTANCE,
        ),
        scale('imp_sens_2', 'Comprendre à quoi sert votre travail et en voir les effets concrets.', IMPORTANCE),
        scale(
          'imp_relations_2',
          'Pouvoir compter sur l’entraide et la coopération au sein de votre équipe.',
          IMPORTANCE,
        ),
        scale('imp_apprentissage_2', 'Relever des défis qui vous obligent à développer vos compétences.', IMPORTANCE),
      ],
    },
    {
      key: 'arbitrages',
      title: 'Vos préférences en situation',
      description: 'Choisissez, pour chaque situation, la réponse la plus proche de ce que vous feriez ou préféreriez.',
      isOptional: false,
      questions: [
        singleChoice('arb_autonomie', 'Lorsqu’on vous confie une mission, vous préférez :', [
          ['consignes', 'Recevoir des consignes précises à suivre', 0],
          ['cadre', 'Disposer d’un cadre général, avec des points d’étape réguliers', 1],
          ['methode', 'Connaître l’objectif et choisir librement la méthode', 2],
          ['libre', 'Définir vous-même l’objectif et la façon de l’atteindre', 3],
        ]),
        singleChoice('arb_securite', 'Entre ces quatre propositions, laquelle retiendriez-vous ?', [
          ['mission', 'Une mission passionnante, sans garantie au-delà de six mois', 0],
          ['contrat', 'Un contrat de deux ans dans un domaine qui vous intéresse beaucoup', 1],
          ['durable', 'Un poste durable dans un domaine qui vous intéresse moyennement', 2],
          ['stable', 'Le poste le plus stable possible, quel que soit le domaine', 3],
        ]),
        singleChoice('arb_reconnaissance', 'Après un projet réussi, qu’est-ce qui vous ferait le plus plaisir ?', [
          ['satisfaction', 'La seule satisfaction du travail bien fait', 0],
          ['remerciement', 'Un remerciement de votre équipe', 1],
          ['felicitations', 'Des félicitations de votre hiérarchie devant vos collègues', 2],
          ['evolution', 'Une prime ou une évolution de poste', 3],
        ]),
        singleChoice(
          'arb_equilibre',
          'Un projet important exige des dépassements d’horaires pendant plusieurs semaines. Quelle est votre réaction ?',
          [
            ['investissement', 'Vous vous investissez sans compter', 0],
            ['recuperation', 'Vous acceptez, en prévoyant de récupérer ensuite', 1],
            ['exceptionnel', 'Vous acceptez seulement si c’est exceptionnel et limité dans le temps', 2],
            ['organisation', 'Vous cherchez une autre organisation pour préserver vos horaires', 3],
          ],
        ),
        singleChoice('arb_sens', 'À salaire égal, quel poste choisiriez-vous ?', [
          ['missions', 'Celui dont les missions vous plaisent le plus, quelle que soit leur finalité', 0],
          ['reputation', 'Celui d’une organisation à la bonne réputation', 1],
          ['utilite', 'Celui dont vous voyez directement l’utilité pour les personnes concernées', 2],
          ['cause', 'Celui qui sert une cause qui vous tient à cœur', 3],
        ]),
        singleChoice('arb_relations', 'Vous préférez travailler :', [
          ['independant', 'Sans collègues directs, en pleine autonomie', 0],
          ['ponctuel', 'Avec quelques échanges ponctuels', 1],
          ['equipe', 'Au sein d’une équipe, avec des temps collectifs réguliers', 2],
          ['soudee', 'Dans une équipe soudée, avec des liens qui dépassent le travail', 3],
        ]),
        singleChoice(
          'arb_apprentissage',
          'On vous propose une formation de plusieurs semaines, sans effet immédiat sur votre poste. Que faites-vous ?',
          [
            ['refus', 'Vous la déclinez pour vous concentrer sur votre travail', 0],
            ['utile', 'Vous l’acceptez si elle est vraiment utile à votre poste', 1],
            ['volontiers', 'Vous l’acceptez volontiers', 2],
            ['enthousiasme', 'Vous l’acceptez avec enthousiasme : apprendre vous motive en soi', 3],
          ],
        ),
      ],
    },
    {
      key: 'complement',
      title: 'Pour compléter',
      isOptional: true,
      questions: [
        textQuestion(
          'valeur_absente',
          'Une valeur importante pour vous n’apparaît-elle pas dans ce questionnaire ? Laquelle, et pourquoi compte-t-elle ?',
          { isRequired: false },
        ),
      ],
    },
  ],
  categories: [
    category(
      'autonomie',
      'Autonomie',
      'Besoin de liberté dans l’organisation du travail et dans les décisions.',
      [2, 13],
      PLAGES(
        'L’autonomie n’est pas un critère décisif pour vous. Un cadre structuré, avec des consignes claires et un encadrement présent, peut vous convenir et même vous rassurer. Veillez simplement à ce que ce cadre laisse une place à votre avis.',
        'Vous appréciez de disposer de marges de manœuvre dans l’organisation de votre travail. Un poste qui fixe les objectifs tout en vous laissant choisir la méthode correspond à cette attente. Lors des entretiens, interrogez le mode de management de l’équipe.',
        'L’autonomie est une valeur centrale : un contrôle étroit ou des procédures très rigides risquent de vous démotiver. Les fonctions d’expertise, les postes à responsabilité, le travail indépendant ou les organisations en mode projet sont à privilégier. Vérifiez que votre projet vous laisse réellement cette liberté au quotidien.',
      ),
    ),
    category(
      'securite',
      'Sécurité',
      'Besoin de stabilité de l’emploi et de visibilité sur les revenus.',
      [2, 13],
      PLAGES(
        'La sécurité de l’emploi n’est pas une priorité pour vous en ce moment. Vous pouvez envisager des parcours moins linéaires : missions, contrats courts, création d’activité. Assurez-vous néanmoins que votre situation financière permet de traverser une période d’incertitude.',
        'La stabilité compte pour vous, sans être une condition absolue. Vous pourrez accepter une part de risque si le projet le justifie et si une sécurité minimale est assurée (épargne, période d’essai, transition progressive).',
        'Vous avez besoin d’une forte visibilité sur votre avenir professionnel et financier. Les projets comportant une longue période d’incertitude devront être sécurisés : transition progressive, formation financée, maintien du contrat de travail pendant la reconversion. Les secteurs et les statuts offrant de la stabilité sont à privilégier.',
      ),
    ),
    category(
      'reconnaissance',
      'Reconnaissance',
      'Besoin que la contribution soit vue, valorisée et suivie de perspectives d’évolution.',
      [2, 13],
      PLAGES(
        'La reconnaissance extérieure n’est pas un moteur principal pour vous : la satisfaction du travail bien fait vous suffit souvent. Cette indépendance vis-à-vis du regard des autres est un atout dans les environnements où les retours sont rares.',
        'Vous avez besoin que votre contribution soit vue et appréciée. Une organisation qui pratique les retours réguliers et offre des perspectives d’évolution claires vous conviendra mieux qu’un environnement où le travail reste invisible.',
        'La reconnaissance, sous forme de responsabilités, de statut ou de rémunération, est une valeur essentielle pour vous. Examinez dans votre projet les perspectives d’évolution et la manière dont les résultats sont valorisés. Un manque durable de reconnaissance est souvent à l’origine d’une démotivation : c’est un point à aborder pendant l’accompagnement.',
      ),
    ),
    category(
      'equilibre',
      'Équilibre vie professionnelle et vie personnelle',
      'Besoin de préserver du temps et de l’énergie pour la vie en dehors du travail.',
      [2, 13],
      PLAGES(
        'Vous acceptez que le travail occupe une place importante dans votre vie, au moins pendant certaines périodes. Des postes exigeants en temps ou en disponibilité ne vous effraient pas. Gardez toutefois à l’esprit les signaux de fatigue et l’avis de votre entourage.',
        'Vous recherchez un équilibre raisonnable entre vie professionnelle et vie personnelle. Les horaires, les temps de trajet et la possibilité de télétravail sont des critères à intégrer dans l’évaluation de vos pistes.',
        'Préserver votre vie personnelle est une priorité. Les métiers à horaires décalés, à astreintes ou à déplacements fréquents sont probablement à écarter. Le temps partiel, le télétravail, la proximité géographique ou une activité indépendante choisie peuvent être des leviers à explorer.',
      ),
    ),
    category(
      'sens',
      'Sens et utilité',
      'Besoin de comprendre la finalité de son travail et d’en percevoir l’utilité.',
      [2, 13],
      PLAGES(
        'L’utilité sociale de votre activité n’est pas un critère déterminant. Vous pouvez trouver votre satisfaction dans le contenu du travail, la rémunération ou l’ambiance, quel que soit le secteur.',
        'Vous avez besoin de comprendre à quoi sert votre travail et d’en percevoir les effets. Un poste dont la finalité est claire, même dans un secteur classique, peut répondre à cette attente.',
        'Donner du sens à votre travail est une valeur centrale. Les secteurs de l’économie sociale et solidaire, de la santé, de l’éducation, de l’environnement ou du service public sont à explorer, sans négliger les entreprises engagées. Une activité perçue comme inutile ou contraire à vos convictions serait difficile à vivre durablement.',
      ),
    ),
    category(
      'relations',
      'Relations de travail',
      'Importance accordée à l’ambiance, à la coopération et aux liens avec les collègues.',
      [2, 13],
      PLAGES(
        'La qualité des relations au travail compte moins pour vous que d’autres aspects. Vous pouvez vous adapter à des environnements où l’on travaille de façon autonome ou à distance, avec peu d’échanges.',
        'Vous appréciez de travailler dans une bonne ambiance et de pouvoir échanger avec vos collègues. Lors de vos enquêtes métier, renseignez-vous sur l’organisation collective du travail et la taille des équipes.',
        'Les relations humaines au travail sont essentielles pour vous. Un poste isolé ou un climat conflictuel vous pèserait fortement. Privilégiez les structures où la coopération est valorisée et, pour un projet indépendant, prévoyez des réseaux ou des espaces partagés afin d’éviter l’isolement.',
      ),
    ),
    category(
      'apprentissage',
      'Apprentissage et défis',
      'Besoin d’apprendre, de progresser et de relever des défis.',
      [2, 13],
      PLAGES(
        'Apprendre en permanence n’est pas une attente forte pour vous. Vous pouvez vous épanouir dans un poste où vous maîtrisez bien votre métier et où les changements sont limités. Pensez toutefois à maintenir vos compétences à jour pour préserver votre employabilité.',
        'Vous aimez apprendre lorsque cela sert votre activité. Un poste qui évolue régulièrement, avec un accès à la formation, vous aidera à entretenir votre motivation.',
        'Apprendre et relever des défis est un moteur puissant pour vous. La routine risque de vous lasser rapidement : privilégiez les environnements innovants, les fonctions en évolution et les organisations qui investissent dans la formation. Une reconversion peut être l’occasion de satisfaire pleinement ce besoin.',
      ),
    ),
  ],
  rules: VALEURS.flatMap((valeur) => [
    rule(`imp_${valeur}_1`, valeur),
    rule(`imp_${valeur}_2`, valeur),
    rule(`arb_${valeur}`, valeur),
  ]),
});
