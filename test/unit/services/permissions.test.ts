import { describe, expect, it } from 'vitest';
import {
  PERMISSION_NAMES,
  permissionsOfRoles,
  ROLE_PERMISSIONS,
  scopeOf,
} from '../../../src/shared/domain/permissions.js';

describe('role → permissions', () => {
  it('admin has every staff permission; manager all but user/role administration and the audit trail', () => {
    expect(ROLE_PERMISSIONS.admin).toEqual(PERMISSION_NAMES.filter((p) => p !== 'self.view'));
    expect(ROLE_PERMISSIONS.manager).not.toContain('users.manage');
    expect(ROLE_PERMISSIONS.manager).not.toContain('roles.manage');
    expect(ROLE_PERMISSIONS.manager).toContain('assessments.view_all');
    expect(ROLE_PERMISSIONS.manager).not.toContain('audit.read');
    expect(ROLE_PERMISSIONS.manager).toContain('questionnaires.edit');
    expect(ROLE_PERMISSIONS.manager.length).toBe(ROLE_PERMISSIONS.admin.length - 3);
  });

  it('consultants reach their own records; beneficiaries only themselves', () => {
    const consultant = { permissions: permissionsOfRoles(['consultant']) };
    expect(scopeOf(consultant, 'assessments')).toBe('own');
    expect(scopeOf(consultant, 'beneficiaries')).toBe('own');
    expect(scopeOf(consultant, 'planning')).toBe('own');
    expect(consultant.permissions).toEqual(
      expect.arrayContaining(['questionnaires.assign', 'documents.generate', 'notes.write']),
    );
    expect(scopeOf({ permissions: permissionsOfRoles(['manager']) }, 'beneficiaries')).toBe('all');
    expect(permissionsOfRoles(['beneficiary'])).toEqual(['self.view']);
    expect(scopeOf({ permissions: ['self.view'] }, 'assessments')).toBeNull();
  });
});
