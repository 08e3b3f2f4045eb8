/**
 * Local-mode authentication: the password is checked against the argon2id hash in local_credentials
 * and the session user is kept in memory by the app (src/main/app/session.ts).
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { LoginResult } from '../../shared/api/auth.api.js';
import type { ServiceContext } from './service-context.js';
import type { UserService } from './user.service.js';

/** A local session lasts a working day; the app asks for the password again after that. */
export const LOCAL_SESSION_HOURS = 12;

export class AuthService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly users: UserService,
    private readonly session: { signIn(user: SessionUser): void; signOut(): void },
  ) {}

  async login(input: { email: string; password: string }): Promise<LoginResult> {
    const user = await this.users.verifyLocalLogin(input.email, input.password);
    this.session.signIn(user);
    const now = this.ctx.clock();
    return {
      requires2fa: false,
      user,
      session: {
        id: this.ctx.newId(),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + LOCAL_SESSION_HOURS * 3_600_000).toISOString(),
        mode: 'local',
      },
    };
  }

  logout(): Promise<{ ok: true }> {
    this.session.signOut();
    return Promise.resolve({ ok: true });
  }

  async changePassword(
    user: SessionUser,
    input: { currentPassword: string; newPassword: string },
  ): Promise<{ ok: true }> {
    await this.users.changeLocalPassword(user, input.currentPassword, input.newPassword);
    return { ok: true };
  }
}
