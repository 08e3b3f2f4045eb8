/**
 * App state and first-run setup. First run = no local credential yet. Setup creates the firm
 * settings, the reference roles and permissions, the admin (argon2id hash in local_credentials),
 * signs the admin in and optionally loads the demo firm.
 */
import type { AppState, FirmInfo, SessionUser } from '../../shared/api/app.api.js';
import { AppError } from '../../shared/errors.js';
import { countCredentials, upsertCredential } from '../repositories/user.repository.js';
import { setSetting } from '../repositories/settings.repository.js';
import { seedReferenceInTx } from '../seed/reference.seed.js';
import { logActivity } from './activity.js';
import { installShippedQuestionnaires } from './questionnaire.service.js';
import { installDefaultTemplates } from './document-template.service.js';
import { checkPassword, type PasswordHasher } from './password-hasher.js';
import type { ServiceContext } from './service-context.js';
import { SETTING_KEYS, type SettingsService } from './settings.service.js';
import type { UserService } from './user.service.js';

export interface SetupInput {
  readonly firm: FirmInfo;
  readonly admin: { email: string; firstName: string; lastName: string; password: string };
  readonly demoData: boolean;
}

export interface AppServiceDeps {
  readonly users: UserService;
  readonly settings: SettingsService;
  readonly hasher: PasswordHasher;
  readonly version: string;
  readonly currentUser: () => SessionUser | null;
  readonly signIn: (user: SessionUser) => void;
  /** Loads the demo firm, reusing the given admin. */
  readonly loadDemo: (adminId: string) => Promise<void>;
}

export class AppService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly deps: AppServiceDeps,
  ) {}

  /** No account on this device and no server joined (a device in connected mode logs in against the server). */
  async firstRun(): Promise<boolean> {
    return (await this.deps.settings.mode()) === 'local' && (await countCredentials(this.ctx.db)) === 0;
  }

  async state(): Promise<AppState> {
    return {
      firstRun: await this.firstRun(),
      mode: await this.deps.settings.mode(),
      user: this.deps.currentUser(),
      firm: await this.deps.settings.firm(),
      version: this.deps.version,
    };
  }

  async setup(input: SetupInput): Promise<AppState> {
    if (!(await this.firstRun())) {
      throw new AppError('CONFLICT', 'Jalon is already set up on this device', { rule: 'already_set_up' });
    }
    const email = input.admin.email.toLowerCase();
    checkPassword(input.admin.password, 'admin.password', email);
    const passwordHash = await this.deps.hasher.hash(input.admin.password);
    const adminId = this.ctx.newId();
    await this.ctx.write(adminId, async (tx) => {
      await seedReferenceInTx(tx);
      await this.deps.users.insertStaff(
        tx,
        { id: adminId, email, firstName: input.admin.firstName, lastName: input.admin.lastName, role: 'admin' },
        'active',
      );
      await upsertCredential(tx.db, { userId: adminId, email, passwordHash, now: tx.now });
      await setSetting(tx.db, SETTING_KEYS.firm, input.firm, tx.now);
      await setSetting(tx.db, SETTING_KEYS.mode, 'local', tx.now);
      // The questionnaires shipped with Jalon, ready to assign (idempotent by code + version).
      await installShippedQuestionnaires(tx, adminId);
      // The five French document templates (idempotent by code).
      await installDefaultTemplates(tx, adminId);
      tx.touched('local_credentials');
      tx.touched('local_settings');
      await logActivity(tx, { action: 'app.setup', entityType: 'user', entityId: adminId });
    });
    this.deps.signIn(await this.deps.users.sessionUser(adminId));
    if (input.demoData) await this.deps.loadDemo(adminId);
    return this.state();
  }
}
