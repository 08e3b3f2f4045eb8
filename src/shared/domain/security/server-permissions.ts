/**
 * Permissions the server's row-level security relies on, in addition to the application's
 * (src/shared/domain/permissions.ts). Both sets are seeded by migrations/pg/0004-security.ts, which
 * refuses to run when a permission a policy names is missing, so a rename cannot silently open or
 * close access.
 */
import type { RoleName } from '../../api/app.api.js';

export const SECURITY_PERMISSIONS = {
  'billing.manage': 'Gérer devis, factures, paiements et financeurs',
  'documents.share': 'Partager des documents avec un bénéficiaire ou un tiers',
  'questionnaires.edit': 'Créer et modifier les questionnaires et leur notation',
  'templates.edit': 'Modifier les modèles de documents et de notifications',
  'audit.read': "Consulter le journal d'activité et les connexions",
} as const satisfies Record<string, string>;

export type SecurityPermission = keyof typeof SECURITY_PERMISSIONS;

export const SECURITY_ROLE_PERMISSIONS: Readonly<Record<RoleName, readonly SecurityPermission[]>> = {
  admin: ['billing.manage', 'documents.share', 'questionnaires.edit', 'templates.edit', 'audit.read'],
  manager: ['billing.manage', 'documents.share', 'questionnaires.edit', 'templates.edit'],
  consultant: ['documents.share'],
  beneficiary: [],
};

/** Roles whose members are firm staff (they see colleagues' names; beneficiaries do not). */
export const STAFF_ROLES: readonly RoleName[] = ['admin', 'manager', 'consultant'];
