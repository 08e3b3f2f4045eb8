/**
 * Password policy (pure). Returns rule ids, never messages: the UI maps each id to a French text
 * (i18n errors.password.<rule>). Checked on the device before a password is hashed; the server only
 * ever sees an argon2id-derived key (see src/main/security/password.ts), so it cannot re-check it.
 */

export const PASSWORD_MIN_LENGTH = 12;
/** Upper bound: argon2 has no length limit, but an unbounded input is a cheap denial of service. */
export const PASSWORD_MAX_LENGTH = 1024;

export const PASSWORD_RULES = [
  'password_too_short',
  'password_too_long',
  'password_matches_email',
  'password_common',
  'password_repetitive',
] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

/**
 * Frequent passwords of 12 characters or more (breach corpora, French keyboard walks and words).
 * Compared case-insensitively after removing spaces; shorter ones are already refused by the length rule.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '111111111111',
  '000000000000',
  '123123123123',
  '098765432109',
  'azertyuiop12',
  'azertyuiop123',
  'azertyuiopqs',
  'azertyuiopqsdf',
  'azertyuiopqsdfghjklm',
  'qsdfghjklmwx',
  'azerty123456',
  'azerty1234567',
  'azertyazerty',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwertyuiopasdf',
  'qwerty123456',
  'qwertyqwerty',
  '1qaz2wsx3edc',
  '1q2w3e4r5t6y',
  'zaq12wsxcde3',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'passw0rd1234',
  'p@ssw0rd1234',
  'p@ssword1234',
  'motdepasse12',
  'motdepasse123',
  'motdepasse1234',
  'motdepasse2024',
  'motdepasse2025',
  'motdepasse2026',
  'motdepasseoublie',
  'monmotdepasse',
  'monmotdepasse1',
  'monmotdepasse123',
  'jetaime123456',
  'jetaimejetaime',
  'bonjour12345',
  'bonjour123456',
  'soleil123456',
  'doudou123456',
  'chocolat1234',
  'marseille1234',
  'marseille13013',
  'liverpool1234',
  'football1234',
  'iloveyou1234',
  'princesse1234',
  'welcome12345',
  'welcome123456',
  'letmein12345',
  'administrator',
  'administrateur',
  'administrateur1',
  'admin1234567',
  'adminadmin123',
  'changeme1234',
  'changezmoi123',
  'bienvenue123',
  'bienvenue1234',
  'bienvenue2024',
  'bienvenue2025',
  'bienvenue2026',
  'consultant123',
  'consultant1234',
  'bilan2024bilan',
  'jalon1234567',
  'jalonjalon12',
  'qualiopi1234',
  'france123456',
  'paris1234567',
  'abcdefghijkl',
  'abcdef123456',
  'abc123abc123',
  'aaaaaaaaaaaa',
  'trustno1trustno1',
]);

export interface PasswordPolicyContext {
  /** The account's e-mail: the password may not be it, nor its local part. */
  readonly email?: string;
}

function normalise(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Rule ids the password breaks; an empty array means it is acceptable. */
export function checkPasswordPolicy(password: string, context: PasswordPolicyContext = {}): PasswordRule[] {
  const broken: PasswordRule[] = [];
  // Length in user-perceived characters (code points), not UTF-16 units.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) broken.push('password_too_short');
  if (length > PASSWORD_MAX_LENGTH) broken.push('password_too_long');
  const plain = normalise(password);
  if (context.email !== undefined && context.email.trim() !== '') {
    const email = normalise(context.email);
    const local = email.split('@')[0] ?? '';
    if (plain === email || (local.length >= 4 && plain === local)) broken.push('password_matches_email');
  }
  if (COMMON_PASSWORDS.has(plain)) broken.push('password_common');
  if (plain.length > 0 && new Set(plain).size <= 2) broken.push('password_repetitive');
  return broken;
}
