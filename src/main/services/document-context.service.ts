/**
 * Builds the template context of a bilan from the local store, in the shape documented in
 * src/shared/content/templates/standard-variables.ts: firm (device settings + document settings),
 * beneficiary (+ profile), consultant, assessment (dates, hours in hundredths and money in cents —
 * the template engine formats them), phases, completed appointments, questionnaire scores
 * (`scores.<code>.*`, with chart images), today. Values typed by the user are merged over it.
 */
import type { Kysely } from 'kysely';
import type { FirmInfo } from '../../shared/api/app.api.js';
import type { DocumentSettings } from '../../shared/api/documents.api.js';
import type { AssessmentStatus } from '../../shared/domain/assessment/status-machine.js';
import { parisDateOf } from '../../shared/domain/planning/paris-time.js';
import type { TemplateContext } from '../../shared/domain/templates/template.types.js';
import { resolveVariable } from '../../shared/domain/templates/variable-resolver.js';
import type { LocalDB } from '../db/types.js';
import { renderScoresChart } from '../documents/chart.js';
import type { PdfFirm } from '../documents/pdf/pdf-layout.js';
import type { AssessmentRow } from '../repositories/assessment.repository.js';
import {
  completedAppointments,
  findPerson,
  fundingOrganizationName,
  phasesOfAssessment,
  type AppointmentRecord,
  type PersonRecord,
} from '../repositories/document-context.repository.js';
import { getSetting, setSetting } from '../repositories/settings.repository.js';
import { questionnaireTemplateVariables } from './questionnaire-results.service.js';

type Db = Kysely<LocalDB>;

/** local_settings key of the document settings (policy and firm details), next to the firm settings. */
export const DOCUMENT_SETTINGS_KEY = 'documents';

export type StoredDocumentSettings = Omit<DocumentSettings, 'canEdit'>;

export const DEFAULT_DOCUMENT_SETTINGS: StoredDocumentSettings = {
  // Office administrators produce and file the syntheses: by default they may read them (logged).
  adminReadsConfidential: true,
  firm: { nda: '', representativeName: '', representativeRole: '', postalCode: '', city: '' },
};

export async function loadDocumentSettings(db: Db): Promise<StoredDocumentSettings> {
  const stored = await getSetting<Partial<StoredDocumentSettings>>(db, DOCUMENT_SETTINGS_KEY);
  return {
    adminReadsConfidential: stored?.adminReadsConfidential ?? DEFAULT_DOCUMENT_SETTINGS.adminReadsConfidential,
    firm: { ...DEFAULT_DOCUMENT_SETTINGS.firm, ...(stored?.firm ?? {}) },
  };
}

export async function storeDocumentSettings(db: Db, value: StoredDocumentSettings, now: string): Promise<void> {
  await setSetting(db, DOCUMENT_SETTINGS_KEY, value, now);
}

export const STATUS_LABELS: Readonly<Record<AssessmentStatus, string>> = {
  pre_registration: 'Préinscription',
  pending_start: 'En attente de démarrage',
  preliminary: 'Phase préliminaire',
  investigation: 'Phase d’investigation',
  conclusion: 'Phase de conclusion',
  interrupted: 'Interrompu',
  completed: 'Terminé',
  follow_up: 'Suivi à six mois',
  abandoned: 'Abandonné',
  cancelled: 'Annulé',
  archived: 'Archivé',
};

export const FUNDING_LABELS = {
  cpf: 'Compte personnel de formation (CPF)',
  employer: 'Plan de développement des compétences de l’employeur',
  opco: 'Prise en charge par l’OPCO',
  personal: 'Financement personnel',
  other: 'Autre financement',
} as const;

const PHASE_NAMES = {
  preliminary: 'Phase préliminaire',
  investigation: 'Phase d’investigation',
  conclusion: 'Phase de conclusion',
  follow_up: 'Suivi à six mois',
} as const;

const APPOINTMENT_TYPES = {
  preliminary: 'Entretien préliminaire',
  investigation: 'Entretien d’investigation',
  conclusion: 'Entretien de conclusion',
  follow_up: 'Entretien de suivi',
  other: 'Autre séance',
} as const;

const MODALITIES = { office: 'Présentiel', remote: 'Distanciel', other: 'Autre' } as const;

/** "12 rue X, 69002 Lyon" / "12 rue X\n69002 Lyon" → street, postal code, city. */
export function splitAddress(address: string | undefined | null): { street: string; postalCode: string; city: string } {
  const parts = (address ?? '')
    .split(/\n|,/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (let i = parts.length - 1; i >= 0; i--) {
    const match = /^(\d{5})\s+(.+)$/.exec(parts[i] as string);
    if (match) {
      return {
        street: parts.slice(0, i).join(', '),
        postalCode: match[1] as string,
        city: (match[2] as string).trim(),
      };
    }
  }
  return { street: parts.join(', '), postalCode: '', city: '' };
}

/** 14 digits → "812 345 678 00025". */
export function formatSiret(siret: string | undefined | null): string {
  const digits = (siret ?? '').replace(/\s+/g, '');
  return /^\d{14}$/.test(digits)
    ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`
    : digits;
}

const omitEmpty = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''));

export interface FirmParts {
  readonly context: Record<string, unknown>;
  readonly pdf: PdfFirm;
  readonly city: string;
  readonly representativeName: string;
  readonly representativeRole: string;
}

export function firmParts(firm: FirmInfo | null, settings: StoredDocumentSettings): FirmParts {
  const address = splitAddress(firm?.address);
  const postalCode = settings.firm.postalCode || address.postalCode;
  const city = settings.firm.city || address.city;
  const street = address.street;
  const context = omitEmpty({
    name: firm?.name ?? '',
    address: street,
    postal_code: postalCode,
    city,
    siret: formatSiret(firm?.siret),
    nda: settings.firm.nda,
    email: firm?.email,
    phone: firm?.phone,
    representative_name: settings.firm.representativeName,
    representative_role: settings.firm.representativeRole,
  });
  const pdfAddress = [street, [postalCode, city].filter(Boolean).join(' ')].filter((l) => l !== '').join('\n');
  return {
    context,
    pdf: {
      name: firm?.name ?? '',
      address: pdfAddress,
      ...(firm?.siret ? { siret: formatSiret(firm.siret) } : {}),
      ...(settings.firm.nda ? { nda: settings.firm.nda } : {}),
    },
    city,
    representativeName: settings.firm.representativeName,
    representativeRole: settings.firm.representativeRole,
  };
}

function personContext(p: PersonRecord, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return omitEmpty({
    first_name: p.firstName,
    last_name: p.lastName,
    email: p.email,
    phone: p.phone,
    address: p.address,
    postal_code: p.postalCode,
    city: p.city,
    birth_date: p.birthDate,
    job_title: p.jobTitle,
    ...extra,
  });
}

function modalityOf(appointments: readonly AppointmentRecord[]): string | undefined {
  const kinds = new Set(appointments.map((a) => (a.locationType === 'remote' ? 'remote' : 'office')));
  if (kinds.size === 0) return undefined;
  if (kinds.size === 2) return 'en présentiel et à distance';
  return kinds.has('remote') ? 'à distance' : 'en présentiel';
}

export interface AssessmentContext {
  readonly context: TemplateContext;
  readonly beneficiary: PersonRecord;
  readonly consultant: PersonRecord;
  readonly appointments: readonly AppointmentRecord[];
  readonly firm: FirmParts;
  readonly fundingLabel: string | null;
  readonly fundingOrganization: string | null;
  readonly today: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep merge of user values over the context (objects merge, anything else replaces). */
export function mergeValues(
  base: Record<string, unknown>,
  values: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!values) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(values)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/** Sets a dotted path in a nested object (creating the objects on the way). */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (!isPlainObject(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1] as string] = value;
}

/**
 * The values actually used by a document, flattened: for each variable name the template uses, its
 * value, or the value of the list it is a field of (`synthesis.skills.label` → `synthesis.skills`).
 */
export function usedValues(names: readonly string[], context: TemplateContext): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const name of names) {
    const segments = name.split('.');
    for (let n = segments.length; n >= 1; n--) {
      const path = segments.slice(0, n).join('.');
      const value = resolveVariable(path, context);
      if (value === undefined) continue;
      if (n === segments.length || Array.isArray(value)) {
        if (!out.has(path)) out.set(path, value);
        break;
      }
      break;
    }
  }
  return out;
}

export async function buildAssessmentContext(
  db: Db,
  a: AssessmentRow,
  options: { now: Date; firm: FirmInfo | null; settings: StoredDocumentSettings; values?: Record<string, unknown> },
): Promise<AssessmentContext> {
  const [beneficiary, consultant, phases, appointments, funder, scores] = await Promise.all([
    findPerson(db, a.beneficiaryId),
    findPerson(db, a.consultantId),
    phasesOfAssessment(db, a.id),
    completedAppointments(db, a.id),
    fundingOrganizationName(db, a.fundingOrganizationId),
    questionnaireTemplateVariables(db, a.id),
  ]);
  if (!beneficiary || !consultant) throw new Error(`People of assessment ${a.id} not found`);
  const firm = firmParts(options.firm, options.settings);
  const today = parisDateOf(options.now);
  const fundingLabel = a.fundingType ? FUNDING_LABELS[a.fundingType] : null;
  const fundingOrganization = funder ?? a.fundingOrganization;

  const scoreContext: Record<string, unknown> = {};
  for (const [code, s] of Object.entries(scores)) {
    const categories = [...s.categories]
      .map((c) => ({
        code: c.code,
        label: c.name,
        score: Math.round(c.normalized),
        interpretation: c.interpretation ?? c.label ?? '',
      }))
      .sort((x, y) => y.score - x.score);
    const top = s.top.map((c) => categories.find((x) => x.code === c.code)).filter((c) => c !== undefined);
    scoreContext[code] = omitEmpty({
      title: s.title,
      completed_at: parisDateOf(s.completedAt),
      categories,
      top1: top[0],
      top2: top[1],
      top3: top[2],
    });
  }

  const completionRate = a.totalHours > 0 ? Math.round((a.completedHours * 10000) / a.totalHours) / 100 : 0;
  const base: Record<string, unknown> = {
    firm: firm.context,
    beneficiary: personContext(beneficiary, { employer_name: beneficiary.company }),
    consultant: personContext(consultant),
    assessment: omitEmpty({
      status: a.status,
      status_label: STATUS_LABELS[a.status],
      start_date: a.startDate,
      expected_end_date: a.expectedEndDate,
      actual_end_date: a.actualEndDate,
      follow_up_date: a.followUpDate,
      total_hours: a.totalHours,
      completed_hours: a.completedHours,
      completion_rate: completionRate,
      funding_type: a.fundingType,
      funding_label: fundingLabel,
      funding_organization: fundingOrganization,
      funding_amount: a.fundingAmount,
      modality: modalityOf(appointments),
      is_tripartite: false,
      documents_kept: a.workingDocsKeepConsent,
      documents_destruction_date: a.workingDocsDestroyAfter,
    }),
    phases: phases
      .filter((p) => p.phaseType !== 'follow_up' || p.status !== 'pending')
      .map((p) =>
        omitEmpty({
          name: PHASE_NAMES[p.phaseType],
          type: p.phaseType,
          start_date: p.startDate,
          end_date: p.endDate,
          hours_allocated: p.hoursAllocated,
          hours_completed: p.hoursCompleted,
          // Not in the standard catalogue: a firm's template may declare `phases.steps.*` to use them.
          steps: p.steps.map((st) =>
            omitEmpty({
              name: st.name,
              description: st.description,
              status: st.status,
              scheduled_date: st.scheduledDate,
              completion_date: st.completionDate,
            }),
          ),
        }),
      ),
    appointments: appointments.map((ap) =>
      omitEmpty({
        date: parisDateOf(ap.start),
        start: ap.start,
        end: ap.end,
        duration_minutes: ap.durationMinutes,
        type: APPOINTMENT_TYPES[ap.type],
        modality: MODALITIES[ap.locationType],
        title: ap.title,
      }),
    ),
    scores: scoreContext,
    today,
  };
  return {
    context: mergeValues(base, options.values),
    beneficiary,
    consultant,
    appointments,
    firm,
    fundingLabel,
    fundingOrganization,
    today,
  };
}

/** PNG charts for the image keys a document uses (`chart:<code>` → the scores of that questionnaire). */
export function chartImages(
  context: TemplateContext,
  keys: readonly string[],
  fontsDir?: string,
): Record<string, Uint8Array> {
  const images: Record<string, Uint8Array> = {};
  for (const key of keys) {
    if (!key.startsWith('chart:')) continue;
    const code = key.slice('chart:'.length);
    const scores = resolveVariable(`scores.${code}`, context) as
      { title?: unknown; categories?: { label?: unknown; score?: unknown }[] } | undefined;
    const categories = (scores?.categories ?? [])
      .filter((c) => typeof c.label === 'string' && typeof c.score === 'number')
      .map((c) => ({ label: c.label as string, value: Math.max(0, Math.min(100, c.score as number)) }));
    if (categories.length === 0) continue;
    images[key] = renderScoresChart({
      title: typeof scores?.title === 'string' ? scores.title : code,
      categories,
      kind: categories.length >= 3 ? 'radar' : 'bar',
      ...(fontsDir ? { fontsDir } : {}),
    });
  }
  return images;
}
