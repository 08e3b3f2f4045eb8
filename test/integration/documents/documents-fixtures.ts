/**
 * Fixtures of the document tests: a firm (address, SIRET, representative) with an admin, a manager,
 * two consultants and a beneficiary whose bilan, run by the first consultant, went through its three
 * phases with five completed sessions and the "intérêts professionnels" questionnaire, then ended.
 * Real SQLite and blob store in a temp folder; deterministic clock and ids.
 */
import { Resvg } from '@resvg/resvg-js';
import { sql } from 'kysely';
import { SAMPLE_TEMPLATE_CONTEXT } from '../../../src/shared/content/templates/index.js';
import { INTERETS_PROFESSIONNELS } from '../../../src/shared/content/questionnaires/index.js';
import type { AssessmentStatus } from '../../../src/shared/domain/assessment/status-machine.js';
import { deterministicAnswers, questionnaireId } from '../questionnaires/questionnaire-fixtures.js';
import {
  ADMIN_PASSWORD,
  createConsultant,
  createTestApp,
  login,
  resumeAt,
  setupAdmin,
  type TestApp,
} from '../services/service-fixtures.js';

export interface DocFirm {
  readonly t: TestApp;
  readonly adminId: string;
  readonly c1: { id: string; email: string; password: string };
  readonly c2: { id: string; email: string; password: string };
  readonly manager: { id: string; email: string; password: string };
  readonly beneficiaryId: string;
  readonly assessmentId: string;
}

/** What the consultant writes for the synthesis (the sample's fictional content). */
export const SYNTHESIS_VALUES = {
  synthesis: (SAMPLE_TEMPLATE_CONTEXT as { synthesis: Record<string, unknown> }).synthesis,
};

export async function asAdmin(f: Pick<DocFirm, 't'>): Promise<void> {
  await login(f.t, 'admin@cabinet.test', ADMIN_PASSWORD);
}

export async function as(f: Pick<DocFirm, 't'>, who: { email: string; password: string }): Promise<void> {
  await login(f.t, who.email, who.password);
}

/** Moves a bilan to `target` through the allowed transitions (reasons given when required). */
export async function moveTo(t: TestApp, id: string, path: readonly AssessmentStatus[]): Promise<void> {
  for (const to of path) await t.call('assessments:changeStatus', { id, to, reason: 'Étape du test' });
}

export async function createDocFirm(options: { end?: boolean; keepConsent?: boolean } = {}): Promise<DocFirm> {
  const t = await createTestApp({ now: '2026-01-05T08:00:00.000Z' });
  const state = await setupAdmin(t);
  const adminId = state.user!.id;
  await t.call('settings:saveFirm', {
    name: 'Cap Horizon Conseil',
    address: '12 rue des Tanneurs, 69002 Lyon',
    siret: '12345678900012',
    email: 'contact@cap-horizon.example',
    phone: '04 00 00 00 00',
  });
  await t.call('documents:saveSettings', {
    adminReadsConfidential: true,
    firm: {
      nda: '84 69 99999 69',
      representativeName: 'Hélène Morel',
      representativeRole: 'gérante',
      postalCode: '',
      city: '',
    },
  });
  const c1 = await createConsultant(t, 'julien');
  const c2 = await createConsultant(t, 'nadia');
  const m = await t.call('users:createStaff', {
    email: 'marc@cabinet.test',
    firstName: 'Marc',
    lastName: 'Manager',
    role: 'manager',
    password: 'marc-Password-42!',
  });
  const manager = { id: m.id, email: 'marc@cabinet.test', password: 'marc-Password-42!' };
  const beneficiary = await t.call('beneficiaries:create', {
    firstName: 'Élodie',
    lastName: 'Fournier',
    email: 'elodie.fournier@example.org',
    phone: '06 00 00 00 00',
    profile: {
      address: '5 allée des Érables',
      postalCode: '69300',
      city: 'Caluire-et-Cuire',
      birthDate: '1986-04-17',
      jobTitle: 'assistante de direction',
      company: 'Transports Rhône Sud',
    },
  });
  const assessment = await t.call('assessments:create', {
    beneficiaryId: beneficiary.id,
    consultantId: c1.id,
    expectedEndDate: '2026-03-10',
    fundingType: 'cpf',
    fundingOrganization: 'Caisse des Dépôts',
    fundingAmount: 180000,
  });
  await moveTo(t, assessment.id, ['pending_start', 'preliminary']);

  // The consultant runs the sessions over two months (each recorded once it took place).
  await as({ t }, c1);
  const sessions: [string, string, string, 'preliminary' | 'investigation' | 'conclusion', 'office' | 'remote'][] = [
    ['2026-01-06', '08:30', '10:30', 'preliminary', 'office'],
    ['2026-01-20', '13:00', '15:30', 'investigation', 'remote'],
    ['2026-02-03', '13:00', '15:00', 'investigation', 'office'],
    ['2026-02-17', '09:00', '11:00', 'investigation', 'office'],
    ['2026-03-03', '13:00', '15:00', 'conclusion', 'office'],
  ];
  for (const [date, start, end, type, location] of sessions) {
    if (type === 'investigation' && date === '2026-01-20') {
      resumeAt(t, '2026-01-19T08:00:00.000Z');
      await moveTo(t, assessment.id, ['investigation']);
    }
    if (type === 'conclusion') {
      resumeAt(t, '2026-03-02T08:00:00.000Z');
      await moveTo(t, assessment.id, ['conclusion']);
    }
    resumeAt(t, `${date}T17:00:00.000Z`);
    await t.call('appointments:create', {
      assessmentId: assessment.id,
      title: `Séance du ${date}`,
      appointmentType: type,
      start: `${date}T${start}:00.000Z`,
      end: `${date}T${end}:00.000Z`,
      locationType: location,
      status: 'completed',
    });
    if (date === '2026-02-17') {
      // The beneficiary fills the "intérêts professionnels" questionnaire on the consultant's laptop.
      const qid = await questionnaireId(t, 'interets-professionnels');
      const assignment = await t.call('questionnaires:assign', { assessmentId: assessment.id, questionnaireId: qid });
      await t.call('kiosk:enter', { assignmentId: assignment.id });
      const answers = deterministicAnswers(INTERETS_PROFESSIONNELS, 2, { skipOptionalText: true });
      for (const [key, value] of Object.entries(answers)) await t.call('kiosk:answer', { questionKey: key, value });
      await t.call('kiosk:finish', {});
      await t.call('kiosk:exit', { password: c1.password });
    }
  }
  if (options.keepConsent) await t.call('assessments:update', { id: assessment.id, workingDocsKeepConsent: true });
  resumeAt(t, '2026-03-05T09:00:00.000Z');
  if (options.end !== false) await moveTo(t, assessment.id, ['completed']);
  return { t, adminId, c1, c2, manager, beneficiaryId: beneficiary.id, assessmentId: assessment.id };
}

/** A handwritten-looking signature drawn with resvg (`seed` changes its shape). */
export function signaturePng(seed = 1): Uint8Array {
  const a = 10 + seed * 7;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 70 C ${a} 10, 70 10, 90 60 S 150 90, 180 ${20 + seed} S 250 20, 290 60" stroke="#1a237e" stroke-width="4" fill="none"/></svg>`;
  return new Uint8Array(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng());
}

export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Rows of a table (tombstoned ones included), with an optional raw SQL condition. */
export async function rows(t: TestApp, table: string, where = '1 = 1'): Promise<Record<string, unknown>[]> {
  const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(
    t.app.services.ctx.db,
  );
  return r.rows;
}

export async function count(t: TestApp, table: string, where = '1 = 1'): Promise<number> {
  return (await rows(t, table, where)).length;
}
