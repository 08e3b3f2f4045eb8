/** Error codes, rules and validation issues become plain French, never the developer message. */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBeneficiaryRequest } from '../../src/shared/api/beneficiaries.api';
import { initI18n } from '../../src/renderer/i18n';
import { ApiError } from '../../src/renderer/lib/api';
import { errorMessage, serverFieldError, zodFieldErrors } from '../../src/renderer/lib/errors';

beforeAll(() => {
  initI18n();
  i18next.options.missingKeyHandler = (_l, ns, key) => {
    throw new Error(`missing translation ${ns}:${key}`);
  };
});

const t = i18next.t.bind(i18next);

describe('French error messages', () => {
  it('maps the shared schema’s issues field by field', () => {
    const parsed = createBeneficiaryRequest.safeParse({
      firstName: '',
      lastName: 'x'.repeat(101),
      email: 'nope',
      phone: 'abc',
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(zodFieldErrors(t, parsed.error)).toEqual({
      firstName: 'Ce champ est obligatoire.',
      lastName: '100 caractères au maximum.',
      email: 'Adresse e-mail invalide.',
      phone: 'Numéro de téléphone invalide (chiffres, espaces, +, points et tirets).',
    });
  });

  it('prefers the rule, then the code, and never shows the English message', () => {
    expect(errorMessage(t, new ApiError({ code: 'UNAUTHENTICATED', message: 'x', rule: 'invalid_credentials' }))).toBe(
      'Adresse e-mail ou mot de passe incorrect.',
    );
    expect(errorMessage(t, new ApiError({ code: 'OFFLINE', message: 'ECONNREFUSED 10.0.0.1' }))).toMatch(
      /^Serveur injoignable/,
    );
    expect(
      errorMessage(t, new ApiError({ code: 'FORBIDDEN', message: 'Missing permission x', rule: 'assessments.manage' })),
    ).toBe('Vous n’avez pas les droits nécessaires pour cette action.');
    expect(errorMessage(t, new Error('boom'))).toMatch(/^Une erreur inattendue/);
  });

  it('names the field of a server validation error echoed from the contract', () => {
    const error = new ApiError({
      code: 'VALIDATION',
      message: 'profile.postalCode: postal_code',
      field: 'profile.postalCode',
      rule: 'invalid_format',
      details: { issues: [{ path: 'profile.postalCode', code: 'invalid_format', message: 'postal_code' }] },
    });
    expect(errorMessage(t, error)).toBe('Code postal : Code postal invalide.');
    expect(serverFieldError(t, error, ['profile.postalCode'])).toEqual({
      field: 'profile.postalCode',
      message: 'Code postal invalide.',
    });
  });

  it('puts an already-used e-mail on the e-mail field (snake_case paths too)', () => {
    const conflict = new ApiError({ code: 'CONFLICT', message: 'E-mail already used', field: 'email', rule: 'unique' });
    expect(serverFieldError(t, conflict, ['email', 'firstName'])).toEqual({
      field: 'email',
      message: 'Cette adresse e-mail est déjà utilisée.',
    });
    const snake = new ApiError({ code: 'VALIDATION', message: 'x', field: 'profile.birth_date', rule: 'in_future' });
    expect(serverFieldError(t, snake, ['profile.birthDate'])).toEqual({
      field: 'profile.birthDate',
      message: 'Cette date est dans le futur.',
    });
    expect(serverFieldError(t, snake, ['email'])).toBeNull();
  });

  it('explains password policy refusals', () => {
    expect(
      errorMessage(
        t,
        new ApiError({ code: 'VALIDATION', message: 'x', field: 'password', rule: 'password_too_short' }),
      ),
    ).toBe('Le mot de passe doit contenir au moins 12 caractères.');
  });
});
