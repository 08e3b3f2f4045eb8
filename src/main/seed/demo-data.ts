/** French content of the demo firm (fictitious people and companies; real cities). */

export const FIRM = {
  name: 'Cabinet Horizon Compétences',
  address: '12 rue de la République, 69002 Lyon',
  siret: '81234567800025',
  email: 'contact@horizon-competences.fr',
  phone: '04 78 12 34 56',
};

export const STAFF = [
  { key: 'admin', role: 'admin', firstName: 'Claire', lastName: 'Morel', phone: '06 12 34 56 78' },
  { key: 'manager', role: 'manager', firstName: 'Julien', lastName: 'Lefèvre', phone: '06 23 45 67 89' },
  {
    key: 'c1',
    role: 'consultant',
    firstName: 'Sophie',
    lastName: 'Martin',
    phone: '06 34 56 78 90',
    qualification: 'Psychologue du travail, titre RNCP de conseillère en bilan de compétences',
    specialties: ['Reconversion', 'Cadres', 'Santé au travail'],
  },
  {
    key: 'c2',
    role: 'consultant',
    firstName: 'Thomas',
    lastName: 'Bernard',
    phone: '06 45 67 89 01',
    qualification: 'Master en psychologie sociale et du travail',
    specialties: ['Création d’entreprise', 'Secteur industriel'],
  },
  {
    key: 'c3',
    role: 'consultant',
    firstName: 'Nadia',
    lastName: 'Benali',
    phone: '06 56 78 90 12',
    qualification: 'Conseillère en évolution professionnelle certifiée, praticienne MBTI',
    specialties: ['Jeunes actifs', 'Métiers du soin', 'Commerce'],
  },
] as const;

export const FIRST_NAMES = [
  'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Julie', 'Émilie', 'Sarah', 'Laura', 'Pauline',
  'Aurélie', 'Céline', 'Nathalie', 'Isabelle', 'Sandrine', 'Élodie', 'Mathilde', 'Hélène', 'Agnès', 'Amandine',
  'Lucas', 'Hugo', 'Louis', 'Nicolas', 'Julien', 'Maxime', 'Antoine', 'Alexandre', 'Kévin', 'Romain',
  'Sébastien', 'Olivier', 'Stéphane', 'Frédéric', 'Mehdi', 'Karim', 'Yann', 'Benoît', 'Jérôme', 'François',
];

export const LAST_NAMES = [
  'Dubois', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Michel', 'Garcia', 'David', 'Bertrand',
  'Roux', 'Vincent', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Blanc',
  'Guerin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier',
  'Dumont', 'Lopez', 'Fabre', 'Chevalier', 'Robin', 'Masson', 'Sanchez', 'Gérard', 'Nguyen', 'Boyer',
  'Denis', 'Lemaire', 'Duval', 'Joly', 'Gautier', 'Roger', 'Roche', 'Roy', 'Noël', 'Meyer',
];

export const CITIES = [
  { city: 'Lyon', postalCode: '69003' },
  { city: 'Villeurbanne', postalCode: '69100' },
  { city: 'Vénissieux', postalCode: '69200' },
  { city: 'Saint-Étienne', postalCode: '42000' },
  { city: 'Grenoble', postalCode: '38000' },
  { city: 'Bourg-en-Bresse', postalCode: '01000' },
  { city: 'Villefranche-sur-Saône', postalCode: '69400' },
  { city: 'Annecy', postalCode: '74000' },
  { city: 'Chambéry', postalCode: '73000' },
  { city: 'Mâcon', postalCode: '71000' },
  { city: 'Vienne', postalCode: '38200' },
  { city: 'Clermont-Ferrand', postalCode: '63000' },
];

export const STREETS = [
  'rue Victor Hugo', 'avenue Jean Jaurès', 'rue Pasteur', 'boulevard des Belges', 'rue de la Paix',
  'place Bellecour', 'rue Garibaldi', 'cours Lafayette', 'rue des Tanneurs', 'chemin des Vignes',
];

export const JOBS = [
  { jobTitle: 'Comptable', company: 'Fiduciaire Rhône Conseil' },
  { jobTitle: 'Infirmière', company: 'Hôpital Édouard-Herriot' },
  { jobTitle: 'Chargé de clientèle', company: 'Banque Populaire Auvergne Rhône Alpes' },
  { jobTitle: 'Assistante de direction', company: 'Groupe SEB' },
  { jobTitle: 'Technicien de maintenance', company: 'Renault Trucks' },
  { jobTitle: 'Responsable logistique', company: 'Transports Perrier' },
  { jobTitle: 'Commerciale terrain', company: 'Brasserie du Mont-Blanc' },
  { jobTitle: 'Développeur web', company: 'Atelier Numérique Lyonnais' },
  { jobTitle: 'Aide-soignante', company: 'EHPAD Les Tilleuls' },
  { jobTitle: 'Professeur des écoles', company: 'Éducation nationale' },
  { jobTitle: 'Chef de rayon', company: 'Carrefour Part-Dieu' },
  { jobTitle: 'Gestionnaire de paie', company: 'Adecco' },
  { jobTitle: 'Ingénieure qualité', company: 'Sanofi Pasteur' },
  { jobTitle: 'Conducteur de travaux', company: 'Eiffage Construction' },
  { jobTitle: 'Responsable RH', company: 'Boiron' },
  { jobTitle: 'Agent administratif', company: 'Mairie de Villeurbanne' },
  { jobTitle: 'Cuisinier', company: 'Brasserie Georges' },
  { jobTitle: 'Chargée de communication', company: 'Agence Cerise' },
  { jobTitle: 'Opérateur de production', company: 'Michelin' },
  { jobTitle: 'Secrétaire médicale', company: 'Cabinet médical des Brotteaux' },
];

export const FUNDERS = [
  { key: 'cpf', name: 'Caisse des Dépôts — Mon Compte Formation', type: 'cpf', contactEmail: 'edof@caissedesdepots.fr' },
  { key: 'atlas', name: 'OPCO Atlas', type: 'opco', contactEmail: 'contact@opco-atlas.fr' },
  { key: 'akto', name: 'OPCO Akto', type: 'opco', contactEmail: 'entreprises@akto.fr' },
  { key: 'ep', name: 'OPCO EP', type: 'opco', contactEmail: 'contact@opcoep.fr' },
  { key: 'employer', name: 'Groupe SEB — plan de développement des compétences', type: 'employer', contactEmail: 'formation@groupeseb.com' },
] as const;

export const REASONS = {
  interrupted: [
    'Arrêt maladie du bénéficiaire, reprise prévue dans un mois',
    'Mission professionnelle à l’étranger, report demandé par le bénéficiaire',
  ],
  abandoned: [
    'Le bénéficiaire a retrouvé un poste et ne souhaite pas poursuivre',
    'Déménagement hors de la région, le bénéficiaire arrête le bilan',
  ],
  cancelled: [
    'Financement CPF refusé, le bénéficiaire renonce',
    'Le bénéficiaire a choisi un autre organisme',
  ],
};

export const NOTE_TEXTS = {
  private: [
    'Bénéficiaire fatigué, évoque une charge de travail importante ; vigilance sur le risque d’épuisement.',
    'Doute exprimé sur le soutien de la famille pour le projet de reconversion. À réaborder.',
    'Tensions avec le manager actuel, ne pas évoquer en restitution écrite.',
    'Penser à proposer l’inventaire d’intérêts en début de prochaine séance.',
  ],
  shared: [
    'Projet principal : reconversion vers le métier de formateur pour adultes. Enquête métier à planifier.',
    'Questionnaire de valeurs passé : priorité à l’autonomie et à l’utilité sociale.',
    'Deux pistes retenues : création d’une activité indépendante et évolution interne vers un poste de coordination.',
    'Le bénéficiaire a rencontré deux professionnels du secteur ; retours très positifs.',
    'Plan d’action validé : VAE à engager en septembre, puis candidature interne.',
  ],
};

export const SUMMARY_TEXTS = [
  'Entretien centré sur le parcours professionnel : repérage de compétences transférables (gestion de projet, relation client).',
  'Restitution du questionnaire d’intérêts : profil social et entreprenant. Le bénéficiaire se reconnaît dans les résultats.',
  'Point d’étape sur les enquêtes métiers. Deux rencontres réalisées, une troisième prévue.',
  'Travail sur le plan d’action : étapes, calendrier et financements possibles (CPF, Transitions Pro).',
  'Entretien de suivi : le projet est engagé, formation démarrée le mois dernier.',
];
