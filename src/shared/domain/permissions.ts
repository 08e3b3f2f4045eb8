/**
 * Permission names and the default role → permissions map. Seeded into `permissions`, `roles` and
 * `role_permissions` (src/main/seed/reference.seed.ts); services check them and scope data with them;
 * the server enforces the same scopes with RLS.
 *
 * Scoped pairs (`*.view_all` / `*.view_own`): "all" reaches the whole firm, "own" only the records the
 * user is the consultant of (or created, for beneficiaries not yet assigned).
 */
import type { RoleName } from '../api/app.api.js';

/** Every permission with its French description (shown in the roles screen). */
export const PERMISSIONS = {
  'users.view': 'Consulter la liste des membres du cabinet',
  'users.manage': 'Créer, modifier et désactiver les comptes des membres du cabinet',
  'roles.manage': 'Gérer les rôles et leurs permissions',
  'settings.manage': 'Modifier les informations du cabinet et la connexion au serveur',
  'beneficiaries.view_all': 'Consulter tous les bénéficiaires du cabinet',
  'beneficiaries.view_own': 'Consulter les bénéficiaires de ses bilans',
  'beneficiaries.create': 'Créer des bénéficiaires',
  'beneficiaries.edit': 'Modifier les bénéficiaires accessibles',
  'assessments.view_all': 'Consulter tous les bilans du cabinet',
  'assessments.view_own': 'Consulter les bilans dont on est le consultant',
  'assessments.create': 'Ouvrir un bilan de compétences',
  'assessments.edit': 'Modifier le déroulé, les phases et les étapes des bilans accessibles',
  'assessments.change_status': 'Faire avancer, interrompre ou clore un bilan',
  'assessments.reassign': 'Confier un bilan à un autre consultant',
  'notes.view': 'Lire les notes partagées et ses notes privées',
  'notes.write': 'Rédiger des notes de suivi',
  'planning.view_all': 'Consulter le planning de tout le cabinet',
  'planning.view_own': 'Consulter son planning',
  'planning.manage': 'Planifier et modifier les rendez-vous des bilans accessibles',
  'availabilities.manage_own': 'Gérer ses disponibilités',
  'availabilities.manage_all': 'Gérer les disponibilités de tous les consultants',
  'questionnaires.assign': 'Attribuer des questionnaires aux bénéficiaires',
  'questionnaires.edit': 'Créer et modifier les questionnaires et leur notation',
  'documents.generate': 'Générer les documents des bilans (synthèse, attestations)',
  'documents.share': 'Partager des documents (avec le consentement du bénéficiaire pour la synthèse)',
  'templates.edit': 'Modifier les modèles de documents',
  'billing.manage': 'Gérer les devis, factures et paiements',
  'audit.read': 'Consulter le journal d’audit',
  'dashboard.firm': 'Voir le tableau de bord du cabinet (statistiques, échéances)',
  'sync.manage': 'Résoudre les conflits et les modifications refusées de synchronisation',
  'self.view': 'Consulter ses propres données de bénéficiaire',
} as const satisfies Record<string, string>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

const ADMIN_ONLY: ReadonlySet<Permission> = new Set(['users.manage', 'roles.manage', 'audit.read']);

const CONSULTANT: readonly Permission[] = [
  'beneficiaries.view_own',
  'beneficiaries.create',
  'beneficiaries.edit',
  'assessments.view_own',
  'assessments.create',
  'assessments.edit',
  'assessments.change_status',
  'notes.view',
  'notes.write',
  'planning.view_own',
  'planning.manage',
  'availabilities.manage_own',
  'questionnaires.assign',
  'documents.generate',
  'documents.share',
  'sync.manage',
];

export const ROLE_PERMISSIONS: Readonly<Record<RoleName, readonly Permission[]>> = {
  admin: PERMISSION_NAMES.filter((p) => p !== 'self.view'),
  manager: PERMISSION_NAMES.filter((p) => p !== 'self.view' && !ADMIN_ONLY.has(p)),
  consultant: CONSULTANT,
  beneficiary: ['self.view'],
};

export const ROLE_DESCRIPTIONS: Readonly<Record<RoleName, string>> = {
  admin: 'Administrateur : toutes les permissions, y compris la gestion des comptes et des rôles',
  manager: 'Responsable : pilote le cabinet (bilans, planning, facturation) sans gérer les comptes',
  consultant: 'Consultant : conduit ses bilans, son planning et ses notes',
  beneficiary: 'Bénéficiaire : accède à ses propres données, questionnaires et documents partagés',
};

/** The permissions of a set of roles (union). */
export function permissionsOfRoles(roles: readonly RoleName[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return PERMISSION_NAMES.filter((p) => set.has(p));
}

export interface HasPermissions {
  readonly permissions: readonly string[];
}

export function hasPermission(user: HasPermissions, permission: Permission): boolean {
  return user.permissions.includes(permission);
}

export type Scope = 'all' | 'own';

/** 'all' with `<domain>.view_all`, 'own' with `<domain>.view_own`, null with neither. */
export function scopeOf(user: HasPermissions, domain: 'beneficiaries' | 'assessments' | 'planning'): Scope | null {
  if (user.permissions.includes(`${domain}.view_all`)) return 'all';
  if (user.permissions.includes(`${domain}.view_own`)) return 'own';
  return null;
}
