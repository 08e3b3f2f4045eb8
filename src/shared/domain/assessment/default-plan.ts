/**
 * The default plan of a bilan: its phases with allocated hours (hundredths) and the steps of each,
 * created with every new assessment (the firm can edit them per assessment). Step names are French
 * product content, written for Jalon.
 */
import type { PhaseType } from './status-machine.js';

export interface PlanStep {
  readonly name: string;
  readonly description: string;
}
export interface PlanPhase {
  readonly phaseType: PhaseType;
  readonly hoursAllocated: number;
  readonly steps: readonly PlanStep[];
}

export const DEFAULT_PLAN: readonly PlanPhase[] = [
  {
    phaseType: 'preliminary',
    hoursAllocated: 400,
    steps: [
      { name: 'Entretien d’accueil', description: 'Confirmer l’engagement du bénéficiaire et présenter la démarche.' },
      { name: 'Analyse de la demande', description: 'Analyser les besoins, le contexte et les attentes.' },
      { name: 'Présentation des méthodes', description: 'Expliquer les outils, le calendrier et les modalités.' },
    ],
  },
  {
    phaseType: 'investigation',
    hoursAllocated: 1400,
    steps: [
      { name: 'Parcours et compétences', description: 'Retracer le parcours et identifier les compétences.' },
      { name: 'Intérêts et valeurs', description: 'Explorer intérêts, motivations et valeurs professionnelles.' },
      { name: 'Questionnaires', description: 'Passation et restitution des questionnaires.' },
      { name: 'Pistes professionnelles', description: 'Identifier et explorer les projets possibles.' },
      { name: 'Enquêtes métiers', description: 'Confronter les pistes à la réalité du terrain.' },
    ],
  },
  {
    phaseType: 'conclusion',
    hoursAllocated: 600,
    steps: [
      { name: 'Appropriation des résultats', description: 'Entretiens personnels de restitution.' },
      { name: 'Projet et plan d’action', description: 'Formaliser le projet et les étapes de mise en œuvre.' },
      { name: 'Document de synthèse', description: 'Rédiger, relire avec le bénéficiaire et remettre la synthèse.' },
    ],
  },
  {
    phaseType: 'follow_up',
    hoursAllocated: 0,
    steps: [{ name: 'Entretien de suivi à six mois', description: 'Faire le point sur la mise en œuvre du projet.' }],
  },
];
