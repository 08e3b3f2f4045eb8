/**
 * Builds the rows of the demo firm — pure and deterministic for a given (seed, now): the same rows
 * go into a local cache (through the LocalWriter) or a PostgreSQL database (scripts/seed-demo.ts).
 * Rows are in the SQLite storage representation (hundredths, 0/1, JSON text) and in foreign-key
 * order. Derived values (progress, hours) are computed with the same domain functions as the services.
 */
import type { FirmInfo } from '../../shared/api/app.api.js';
import { DEFAULT_PLAN } from '../../shared/domain/assessment/default-plan.js';
import { completedHours, computeProgress } from '../../shared/domain/assessment/progress.js';
import type { AssessmentStatus, PhaseType } from '../../shared/domain/assessment/status-machine.js';
import { addDays, addMonths, isoWeekday, parisDateOf, parisToUtc } from '../../shared/domain/planning/paris-time.js';
import type { SyncedTable } from '../db/sqlite/local-writer.js';
import {
  CITIES,
  FIRM,
  FIRST_NAMES,
  FUNDERS,
  JOBS,
  LAST_NAMES,
  NOTE_TEXTS,
  REASONS,
  STAFF,
  STREETS,
  SUMMARY_TEXTS,
} from './demo-data.js';

export interface DemoRow {
  readonly table: SyncedTable;
  readonly row: Record<string, unknown>;
}

export interface DemoStaff {
  readonly key: string;
  readonly userId: string;
  readonly email: string;
  readonly role: 'admin' | 'manager' | 'consultant';
}

export interface DemoData {
  readonly rows: DemoRow[];
  /** Staff accounts that get a local credential (the demo password). */
  readonly staff: DemoStaff[];
  readonly firm: FirmInfo;
}

export interface DemoOptions {
  readonly now: Date;
  readonly seed?: number;
  /** Ids of the roles by name (seeded reference data). */
  readonly roleIds: ReadonlyMap<string, string>;
  /** Reuse this existing admin instead of creating the demo admin (first-run setup). */
  readonly adminId?: string;
  /** Number of beneficiaries (one assessment each); default 40. */
  readonly beneficiaries?: number;
}

/** Password of every demo staff account (local mode). */
export const DEMO_PASSWORD = 'Horizon-demo-2025';
export const DEMO_EMAIL_DOMAIN = 'horizon-competences.fr';

/** mulberry32: small, fast, deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The statuses of the demo assessments: every status of the machine is represented. */
const STATUS_MIX: readonly [AssessmentStatus, number][] = [
  ['pre_registration', 3],
  ['pending_start', 3],
  ['preliminary', 5],
  ['investigation', 8],
  ['conclusion', 5],
  ['interrupted', 2],
  ['completed', 4],
  ['follow_up', 3],
  ['abandoned', 2],
  ['cancelled', 2],
  ['archived', 3],
];

const FUNDING_CYCLE = ['cpf', 'opco', 'employer', 'cpf', 'personal', 'opco', 'cpf', 'other'] as const;
const FUNDING_AMOUNT: Record<(typeof FUNDING_CYCLE)[number], number> = {
  cpf: 180_000,
  opco: 200_000,
  employer: 240_000,
  personal: 150_000,
  other: 160_000,
};

const SLOTS = ['09:00', '11:00', '14:00', '16:00'] as const;
const PHASE_OFFSETS: Record<'preliminary' | 'investigation' | 'conclusion', [number, number]> = {
  preliminary: [0, 14],
  investigation: [14, 56],
  conclusion: [56, 84],
};

function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function buildDemoData(options: DemoOptions): DemoData {
  const rand = prng(options.seed ?? 1);
  const nowMs = options.now.getTime();
  const nowIso = options.now.toISOString();
  const today = parisDateOf(options.now);
  let idTick = nowMs - 400 * 86_400_000;
  const hex = (n: number): string => {
    let out = '';
    while (out.length < n)
      out += Math.floor(rand() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return out.slice(0, n);
  };
  /** UUID v7 shaped ids from the PRNG: stable for a given seed and date. */
  const newId = (): string => {
    idTick += 1 + Math.floor(rand() * 1000);
    const ts = idTick.toString(16).padStart(12, '0').slice(-12);
    const variant = (8 + Math.floor(rand() * 4)).toString(16);
    return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
  };
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const at = (date: string, time: string) => parisToUtc(date, time).toISOString();
  const dayTs = (date: string, time = '10:00') => {
    const iso = at(date, time);
    return iso > nowIso ? nowIso : iso;
  };
  const prevWorkday = (date: string) => {
    const w = isoWeekday(date);
    return w === 6 ? addDays(date, -1) : w === 7 ? addDays(date, -2) : date;
  };
  const nextWorkday = (date: string) => {
    const w = isoWeekday(date);
    return w === 6 ? addDays(date, 2) : w === 7 ? addDays(date, 1) : date;
  };

  const rows: DemoRow[] = [];
  const push = (table: SyncedTable, row: Record<string, unknown>) => rows.push({ table, row });
  const roleId = (name: string) => {
    const id = options.roleIds.get(name);
    if (id === undefined) throw new Error(`Role ${name} is not seeded`);
    return id;
  };

  // ── Staff ────────────────────────────────────────────────────────────────────────────────────
  const staff: DemoStaff[] = [];
  const staffIds = new Map<string, string>();
  const staffCreated = dayTs(addDays(today, -730));
  for (const s of STAFF) {
    if (s.key === 'admin' && options.adminId !== undefined) {
      staffIds.set('admin', options.adminId);
      continue;
    }
    const id = newId();
    const email = `${slugify(s.firstName)}.${slugify(s.lastName)}@${DEMO_EMAIL_DOMAIN}`;
    staffIds.set(s.key, id);
    staff.push({ key: s.key, userId: id, email, role: s.role });
    const userType = s.role === 'consultant' ? 'consultant' : 'admin';
    push('users', {
      id,
      email,
      first_name: s.firstName,
      last_name: s.lastName,
      phone: s.phone,
      user_type: userType,
      role: s.role,
      status: 'active',
      two_factor_enabled: 0,
      created_at: staffCreated,
      updated_at: staffCreated,
    });
    push('user_profiles', {
      id: newId(),
      user_id: id,
      profile_type: userType,
      city: 'Lyon',
      postal_code: '69002',
      country: 'France',
      qualification: 'qualification' in s ? s.qualification : null,
      specialties: 'specialties' in s ? JSON.stringify(s.specialties) : null,
      created_at: staffCreated,
      updated_at: staffCreated,
    });
    push('user_roles', { user_id: id, role_id: roleId(s.role), created_at: staffCreated, updated_at: staffCreated });
  }
  const consultants = ['c1', 'c2', 'c3'].map((k) => staffIds.get(k)!);

  // ── Funders ──────────────────────────────────────────────────────────────────────────────────
  const funderIds = new Map<string, string>();
  for (const f of FUNDERS) {
    const id = newId();
    funderIds.set(f.key, id);
    push('funding_organizations', {
      id,
      name: f.name,
      type: f.type,
      contact_email: f.contactEmail,
      created_at: staffCreated,
      updated_at: staffCreated,
    });
  }

  // ── Availabilities ───────────────────────────────────────────────────────────────────────────
  const availCreated = dayTs(addDays(today, -365));
  const avail = (consultant: string, v: Record<string, unknown>) =>
    push('consultant_availabilities', {
      id: newId(),
      consultant_id: consultant,
      day_of_week: null,
      specific_date: null,
      is_available: 1,
      recurrence_type: 'weekly',
      recurrence_end_date: null,
      notes: null,
      created_at: availCreated,
      updated_at: availCreated,
      ...v,
    });
  const [c1, c2, c3] = consultants as [string, string, string];
  for (let d = 1; d <= 5; d++) {
    avail(c1, { day_of_week: d, start_time: '09:00:00', end_time: '12:30:00' });
    avail(c1, { day_of_week: d, start_time: '13:30:00', end_time: '18:00:00' });
  }
  avail(c1, {
    specific_date: nextWorkday(addDays(today, 9)),
    start_time: '00:00:00',
    end_time: '23:59:00',
    is_available: 0,
    recurrence_type: 'none',
    notes: 'Congé',
  });
  for (let d = 1; d <= 5; d++) avail(c2, { day_of_week: d, start_time: '08:30:00', end_time: '17:30:00' });
  avail(c2, {
    day_of_week: 3,
    start_time: '13:00:00',
    end_time: '17:30:00',
    is_available: 0,
    notes: 'Mercredi après-midi non travaillé',
  });
  const firstSaturday = addDays(today, (6 - isoWeekday(today) + 7) % 7);
  avail(c2, {
    day_of_week: 6,
    specific_date: firstSaturday,
    start_time: '09:00:00',
    end_time: '12:00:00',
    recurrence_type: 'biweekly',
    notes: 'Un samedi matin sur deux',
  });
  for (let d = 2; d <= 5; d++) avail(c3, { day_of_week: d, start_time: '09:00:00', end_time: '18:30:00' });
  avail(c3, { day_of_week: 1, start_time: '13:00:00', end_time: '19:00:00' });
  avail(c3, {
    day_of_week: 6,
    specific_date: firstSaturday,
    start_time: '09:00:00',
    end_time: '13:00:00',
    recurrence_type: 'monthly',
    recurrence_end_date: addMonths(today, 12),
    notes: 'Permanence mensuelle du samedi',
  });

  // ── Beneficiaries and their assessments ─────────────────────────────────────────────────────
  const statuses: AssessmentStatus[] = [];
  for (const [status, count] of STATUS_MIX) for (let i = 0; i < count; i++) statuses.push(status);
  const wanted = options.beneficiaries ?? statuses.length;
  const usedSlots = new Set<string>();
  const reserve = (consultant: string, date: string, preferred?: number): string | null => {
    const order = preferred === undefined ? [0, 1, 2, 3].sort(() => rand() - 0.5) : [preferred, 0, 1, 2, 3];
    for (const i of order) {
      const key = `${consultant}|${date}|${i}`;
      if (!usedSlots.has(key)) {
        usedSlots.add(key);
        return SLOTS[i]!;
      }
    }
    return null;
  };
  const usedEmails = new Set<string>();
  const statusCount = new Map<AssessmentStatus, number>();

  for (let i = 0; i < wanted; i++) {
    const status = statuses[i % statuses.length]!;
    const nth = statusCount.get(status) ?? 0;
    statusCount.set(status, nth + 1);
    const consultant = consultants[i % 3]!;
    const firstName = FIRST_NAMES[(i * 7 + int(0, 3)) % FIRST_NAMES.length]!;
    const lastName = LAST_NAMES[(i * 11 + int(0, 5)) % LAST_NAMES.length]!;
    let email = `${slugify(firstName)}.${slugify(lastName)}@exemple.fr`;
    for (let n = 2; usedEmails.has(email); n++) email = `${slugify(firstName)}.${slugify(lastName)}${n}@exemple.fr`;
    usedEmails.add(email);
    const place = pick(CITIES);
    const job = pick(JOBS);

    // Timeline (days relative to today).
    let created = -int(5, 15);
    let start: number | null = null;
    let end: number | null = null;
    let stopAt: number | null = null;
    let stoppedFrom: AssessmentStatus = 'investigation';
    switch (status) {
      case 'pre_registration':
        created = -int(1, 10);
        break;
      case 'pending_start':
        created = -int(5, 15);
        start = int(3, 20);
        break;
      case 'preliminary':
        start = -int(3, 12);
        break;
      case 'investigation':
        start = -int(18, 45);
        break;
      case 'conclusion':
        start = -int(60, 75);
        break;
      case 'interrupted':
        start = -int(30, 50);
        stopAt = -int(5, 12);
        stoppedFrom = 'investigation';
        break;
      case 'completed':
        start = -int(95, 120);
        end = start + int(80, 90);
        break;
      case 'follow_up':
        // Ended about six months ago: the follow-up is due now (some overdue, some in the next days).
        end = -(183 + [6, -5, 12][nth % 3]!);
        start = end - int(80, 90);
        break;
      case 'abandoned':
        start = -int(40, 80);
        stopAt = start + int(10, 30);
        stoppedFrom = stopAt - start < 14 ? 'preliminary' : 'investigation';
        break;
      case 'cancelled':
        created = -int(20, 60);
        stopAt = created + int(5, 15);
        stoppedFrom = nth % 2 === 0 ? 'pre_registration' : 'pending_start';
        break;
      case 'archived':
        start = -int(400, 500);
        end = start + int(80, 95);
        break;
    }
    if (start !== null && start < created) created = start - int(7, 20);
    const d = (offset: number) => addDays(today, offset);
    const startDate = start !== null ? prevWorkday(d(start)) : null;
    const createdTs = dayTs(d(created), '09:30');

    const benId = newId();
    push('users', {
      id: benId,
      email,
      first_name: firstName,
      last_name: lastName,
      phone: `06 ${String(int(10, 99))} ${String(int(10, 99))} ${String(int(10, 99))} ${String(int(10, 99))}`,
      user_type: 'beneficiary',
      role: null,
      status: 'active',
      two_factor_enabled: 0,
      created_at: createdTs,
      updated_at: createdTs,
    });
    push('user_profiles', {
      id: newId(),
      user_id: benId,
      profile_type: 'beneficiary',
      address: `${int(1, 120)} ${pick(STREETS)}`,
      city: place.city,
      postal_code: place.postalCode,
      country: 'France',
      birth_date: `${int(1966, 1998)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
      job_title: job.jobTitle,
      company: job.company,
      seniority: int(6, 240),
      created_at: createdTs,
      updated_at: createdTs,
    });
    push('user_roles', {
      user_id: benId,
      role_id: roleId('beneficiary'),
      created_at: createdTs,
      updated_at: createdTs,
    });

    // Assessment.
    const aid = newId();
    const funding = FUNDING_CYCLE[i % FUNDING_CYCLE.length]!;
    const funderKey =
      funding === 'cpf'
        ? 'cpf'
        : funding === 'opco'
          ? pick(['atlas', 'akto', 'ep'])
          : funding === 'employer'
            ? 'employer'
            : null;
    const actualEnd =
      end !== null
        ? prevWorkday(d(end))
        : stopAt !== null && (status === 'abandoned' || status === 'cancelled')
          ? d(stopAt)
          : null;
    const keepConsent = (status === 'completed' || status === 'follow_up') && nth % 2 === 0;
    const reached: Record<'preliminary' | 'investigation' | 'conclusion', 'pending' | 'in_progress' | 'completed'> = {
      preliminary: 'pending',
      investigation: 'pending',
      conclusion: 'pending',
    };
    const ordered = ['preliminary', 'investigation', 'conclusion'] as const;
    const current: AssessmentStatus | null = status === 'interrupted' || status === 'abandoned' ? stoppedFrom : status;
    const idx = ordered.indexOf(current as (typeof ordered)[number]);
    if (['completed', 'follow_up', 'archived'].includes(status)) {
      for (const p of ordered) reached[p] = 'completed';
    } else if (idx >= 0) {
      for (let k = 0; k < idx; k++) reached[ordered[k]!] = 'completed';
      reached[ordered[idx]!] = 'in_progress';
    }

    // Phases, steps.
    const phaseRows: { id: string; phaseType: PhaseType; status: 'pending' | 'in_progress' | 'completed' }[] = [];
    const stepRows: { phaseType: PhaseType; status: 'pending' | 'in_progress' | 'completed' }[] = [];
    const phaseInserts: Record<string, unknown>[] = [];
    const stepInserts: Record<string, unknown>[] = [];
    for (const plan of DEFAULT_PLAN) {
      const pid = newId();
      let pStatus: 'pending' | 'in_progress' | 'completed' = 'pending';
      let pStart: string | null = null;
      let pEnd: string | null = null;
      if (plan.phaseType === 'follow_up') {
        if (status === 'follow_up') {
          pStatus = 'in_progress';
          pStart = actualEnd;
        } else if (status === 'archived') {
          pStatus = 'completed';
          pStart = actualEnd;
          pEnd = addMonths(actualEnd!, 6);
        }
      } else if (startDate !== null) {
        const [from, to] = PHASE_OFFSETS[plan.phaseType];
        pStatus = reached[plan.phaseType];
        pStart = pStatus === 'pending' ? null : addDays(startDate, from);
        pEnd = pStatus === 'pending' ? null : addDays(startDate, to);
        if (pEnd !== null && pStatus === 'completed' && pEnd > today) pEnd = today;
        if (pStatus === 'completed' && plan.phaseType === 'conclusion' && actualEnd !== null) pEnd = actualEnd;
      }
      if (pEnd !== null && pStart !== null && pEnd < pStart) pEnd = pStart;
      phaseRows.push({ id: pid, phaseType: plan.phaseType, status: pStatus });
      phaseInserts.push({
        id: pid,
        assessment_id: aid,
        phase_type: plan.phaseType,
        status: pStatus,
        start_date: pStart,
        end_date: pEnd,
        hours_allocated: plan.hoursAllocated,
        hours_completed: 0,
        created_at: createdTs,
        updated_at: createdTs,
      });
      const n = plan.steps.length;
      const doneCount = pStatus === 'completed' ? n : pStatus === 'in_progress' ? Math.min(n - 1, int(0, n - 1)) : 0;
      plan.steps.forEach((step, k) => {
        const sStatus =
          k < doneCount ? 'completed' : pStatus === 'in_progress' && k === doneCount ? 'in_progress' : 'pending';
        stepRows.push({ phaseType: plan.phaseType, status: sStatus });
        const completion = sStatus === 'completed' && pStart !== null ? addDays(pStart, Math.min(k * 4 + 2, 60)) : null;
        stepInserts.push({
          id: newId(),
          assessment_phase_id: pid,
          name: step.name,
          description: step.description,
          status: sStatus,
          order_index: k,
          scheduled_date: null,
          completion_date: completion !== null && completion > today ? today : completion,
          created_at: createdTs,
          updated_at: createdTs,
        });
      });
    }

    // Appointments: past sessions (completed) in each reached phase, upcoming ones for running bilans.
    const appts: Record<string, unknown>[] = [];
    const apptHours: { status: string; appointmentType: string; durationMinutes: number }[] = [];
    const addAppt = (
      date: string,
      type: PhaseType | 'other',
      apStatus: string,
      duration: number,
      preferred?: number,
    ) => {
      const slot = reserve(consultant, date, preferred);
      if (slot === null) return null;
      const startIso = at(date, slot);
      const endIso = new Date(Date.parse(startIso) + duration * 60_000).toISOString();
      const finalStatus =
        apStatus === 'auto' ? (endIso <= nowIso ? 'completed' : pick(['scheduled', 'confirmed'])) : apStatus;
      const id = newId();
      const remote = rand() < 0.35;
      appts.push({
        id,
        assessment_id: aid,
        consultant_id: consultant,
        beneficiary_id: benId,
        title:
          type === 'preliminary'
            ? 'Entretien préliminaire'
            : type === 'investigation'
              ? 'Séance d’investigation'
              : type === 'conclusion'
                ? 'Entretien de conclusion'
                : type === 'follow_up'
                  ? 'Entretien de suivi à six mois'
                  : 'Point d’étape',
        description: null,
        appointment_type: type,
        start_datetime: startIso,
        end_datetime: endIso,
        duration_minutes: duration,
        location_type: remote ? 'remote' : 'office',
        location_details: remote ? null : '12 rue de la République, 69002 Lyon — salle 2',
        status: finalStatus,
        video_conference_link: remote ? `https://visio.horizon-competences.fr/${id.slice(-12)}` : null,
        video_conference_provider: remote ? 'Jitsi' : null,
        reminder_sent: finalStatus === 'completed' ? 1 : 0,
        notes: null,
        created_at: dayTs(addDays(date, -7) < d(created) ? d(created) : addDays(date, -7)),
        updated_at: dayTs(date < today ? date : today),
      });
      apptHours.push({ status: finalStatus, appointmentType: type, durationMinutes: duration });
      return { id, status: finalStatus, date };
    };
    const sessions: Record<'preliminary' | 'investigation' | 'conclusion', number> = {
      preliminary: 2,
      investigation: 5,
      conclusion: 3,
    };
    const upcomingLimit = d(0);
    if (startDate !== null) {
      const stopDate = actualEnd ?? (stopAt !== null ? d(stopAt) : today);
      for (const p of ordered) {
        if (reached[p] === 'pending') continue;
        const [from, to] = PHASE_OFFSETS[p];
        const phaseStart = addDays(startDate, from);
        const phaseEnd = addDays(startDate, to) < stopDate ? addDays(startDate, to) : stopDate;
        let count = sessions[p];
        if (reached[p] === 'in_progress')
          count = Math.max(
            1,
            Math.round((count * stepRows.filter((s) => s.phaseType === p && s.status === 'completed').length) / 5) + 1,
          );
        const span = Math.max(1, (Date.parse(phaseEnd) - Date.parse(phaseStart)) / 86_400_000);
        for (let k = 0; k < count; k++) {
          const date = prevWorkday(addDays(phaseStart, Math.floor((span * (k + 0.5)) / count)));
          if (date >= upcomingLimit || date < phaseStart) continue;
          const a = addAppt(date, p, 'completed', rand() < 0.5 ? 90 : 120);
          if (a && k === 0 && i % 7 === 3)
            addAppt(addDays(date, 1) < upcomingLimit ? addDays(date, 1) : date, p, 'no_show', 60);
        }
      }
    }
    const running = status === 'preliminary' || status === 'investigation' || status === 'conclusion';
    // Most running bilans have something planned; every 6th has nothing (shows on the dashboard).
    if (running && i % 6 !== 1) {
      const type = status;
      const firstDay = i % 4 === 0 ? today : nextWorkday(addDays(today, int(1, 6)));
      addAppt(firstDay, type, 'auto', rand() < 0.5 ? 90 : 120, i % 4 === 0 ? int(0, 3) : undefined);
      if (rand() < 0.6) addAppt(nextWorkday(addDays(today, int(7, 14))), type, 'scheduled', 120);
    }
    if (status === 'pending_start' && startDate !== null)
      addAppt(nextWorkday(startDate), 'preliminary', 'scheduled', 90);
    if (status === 'follow_up') {
      const due = addMonths(actualEnd!, 6);
      if (due > today) addAppt(nextWorkday(due), 'follow_up', 'scheduled', 60);
    }
    if (status === 'archived') addAppt(prevWorkday(addMonths(actualEnd!, 6)), 'follow_up', 'completed', 60);

    const hoursDone = completedHours(apptHours);
    // Two bilans in conclusion have a shorter programme agreed with the funder: nearly all hours used.
    const totalHours = status === 'conclusion' && nth < 2 ? Math.max(400, Math.ceil(hoursDone / 0.9 / 50) * 50) : 2400;
    if (hoursDone > totalHours) throw new Error(`demo generator: assessment ${i} has ${hoursDone} hours`);
    const phasesHours = new Map<PhaseType, number>(
      (['preliminary', 'investigation', 'conclusion', 'follow_up'] as const).map((p) => [
        p,
        completedHours(apptHours, p),
      ]),
    );
    for (const ph of phaseInserts) ph.hours_completed = phasesHours.get(ph.phase_type as PhaseType) ?? 0;

    const followUpDate =
      actualEnd !== null && ['completed', 'follow_up', 'archived'].includes(status) ? addMonths(actualEnd, 6) : null;
    push('assessments', {
      id: aid,
      beneficiary_id: benId,
      consultant_id: consultant,
      status,
      start_date: status === 'cancelled' ? null : startDate,
      expected_end_date: startDate !== null ? addDays(startDate, 84) : null,
      actual_end_date: actualEnd,
      follow_up_date: followUpDate,
      funding_type: funding,
      funding_organization: funderKey
        ? FUNDERS.find((f) => f.key === funderKey)!.name
        : funding === 'personal'
          ? 'Financement personnel'
          : 'Transitions Pro AURA',
      funding_organization_id: funderKey ? funderIds.get(funderKey)! : null,
      funding_amount: FUNDING_AMOUNT[funding],
      total_hours: totalHours,
      completed_hours: hoursDone,
      progress_percentage: computeProgress(phaseRows, stepRows),
      notes: null,
      working_docs_keep_consent: keepConsent ? 1 : 0,
      working_docs_consent_at: keepConsent ? dayTs(actualEnd!) : null,
      working_docs_destroy_after: actualEnd === null ? null : keepConsent ? addMonths(actualEnd, 12) : actualEnd,
      created_at: createdTs,
      updated_at: dayTs(actualEnd ?? (stopAt !== null ? d(stopAt) : today)),
    });
    for (const p of phaseInserts) push('assessment_phases', p);
    for (const s of stepInserts) push('assessment_steps', s);

    // Status history: the path that led to the current status.
    const history: [AssessmentStatus, string, string | null][] = [['pre_registration', d(created), null]];
    const startedPath = (upTo: 'preliminary' | 'investigation' | 'conclusion') => {
      history.push(['pending_start', addDays(d(created), 1) < startDate! ? addDays(d(created), 1) : startDate!, null]);
      for (const p of ordered) {
        history.push([p, addDays(startDate!, PHASE_OFFSETS[p][0]), null]);
        if (p === upTo) break;
      }
    };
    switch (status) {
      case 'pre_registration':
        break;
      case 'pending_start':
        history.push(['pending_start', addDays(d(created), 1), null]);
        break;
      case 'preliminary':
      case 'investigation':
      case 'conclusion':
        startedPath(status);
        break;
      case 'interrupted':
        startedPath('investigation');
        history.push(['interrupted', d(stopAt!), REASONS.interrupted[nth % 2]!]);
        break;
      case 'abandoned':
        startedPath(stoppedFrom as 'preliminary' | 'investigation');
        history.push(['abandoned', d(stopAt!), REASONS.abandoned[nth % 2]!]);
        break;
      case 'cancelled':
        if (stoppedFrom === 'pending_start') history.push(['pending_start', addDays(d(created), 1), null]);
        history.push(['cancelled', d(stopAt!), REASONS.cancelled[nth % 2]!]);
        break;
      case 'completed':
      case 'follow_up':
      case 'archived':
        startedPath('conclusion');
        history.push(['completed', actualEnd!, null]);
        if (status !== 'completed')
          history.push([
            'follow_up',
            addMonths(actualEnd!, 6) < today ? addMonths(actualEnd!, 6) : addDays(actualEnd!, 1),
            null,
          ]);
        if (status === 'archived') history.push(['archived', addDays(addMonths(actualEnd!, 6), 10), null]);
        break;
    }
    let previous: AssessmentStatus | null = null;
    history.forEach(([to, date, reason], k) => {
      push('assessment_status_history', {
        id: newId(),
        assessment_id: aid,
        previous_status: previous,
        new_status: to,
        changed_by: consultant,
        change_reason: reason,
        created_at: dayTs(date, `${String(9 + (k % 8)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`),
      });
      previous = to;
    });

    // Notes on started bilans.
    if (startDate !== null && startDate <= today) {
      const count = int(1, 3);
      for (let k = 0; k < count; k++) {
        const isPrivate = k % 2 === 1;
        const ts = dayTs(addDays(startDate, k * 7 + 1) < today ? addDays(startDate, k * 7 + 1) : today, '17:30');
        push('assessment_notes', {
          id: newId(),
          assessment_id: aid,
          author_id: consultant,
          content: isPrivate ? pick(NOTE_TEXTS.private) : pick(NOTE_TEXTS.shared),
          is_private: isPrivate ? 1 : 0,
          created_at: ts,
          updated_at: ts,
        });
      }
    }
    for (const a of appts) push('appointments', a);
    // Summaries after some completed meetings.
    for (const a of appts) {
      if (a.status !== 'completed' || rand() < 0.4) continue;
      const ts = a.end_datetime as string;
      push('appointment_summaries', {
        id: newId(),
        appointment_id: a.id,
        author_id: consultant,
        content: pick(SUMMARY_TEXTS),
        is_shared: rand() < 0.5 ? 1 : 0,
        created_at: ts,
        updated_at: ts,
      });
    }
  }

  // Rows in foreign-key order (PostgreSQL checks them immediately).
  const ORDER: SyncedTable[] = [
    'users',
    'user_profiles',
    'user_roles',
    'funding_organizations',
    'consultant_availabilities',
    'assessments',
    'assessment_phases',
    'assessment_steps',
    'assessment_status_history',
    'assessment_notes',
    'appointments',
    'appointment_summaries',
  ];
  const sorted = [...rows].sort((a, b) => ORDER.indexOf(a.table) - ORDER.indexOf(b.table));
  return { rows: sorted, staff, firm: { ...FIRM } };
}
