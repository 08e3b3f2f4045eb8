/** Aggregates for the dashboard (counts, hours, attention flags), scoped by consultant when given. */
import { sql, type Kysely } from 'kysely';
import type { AssessmentStatus } from '../../shared/domain/assessment/status-machine.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export async function countByStatus(db: Db, consultantId: string | undefined): Promise<Map<AssessmentStatus, number>> {
  let q = db
    .selectFrom('assessments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .groupBy('status');
  if (consultantId !== undefined) q = q.where('consultant_id', '=', consultantId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** Total minutes of completed appointments starting in [from, to). */
export async function completedMinutesBetween(
  db: Db,
  from: string,
  to: string,
  consultantId: string | undefined,
): Promise<number> {
  let q = db
    .selectFrom('appointments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('duration_minutes'), eb.val(0)).as('m'))
    .where('deleted_at', 'is', null)
    .where('status', '=', 'completed')
    .where('start_datetime', '>=', from)
    .where('start_datetime', '<', to);
  if (consultantId !== undefined) q = q.where('consultant_id', '=', consultantId);
  const r = await q.executeTakeFirst();
  return Number(r?.m ?? 0);
}

export interface AttentionCandidate {
  readonly id: string;
  readonly status: AssessmentStatus;
  readonly totalHours: number;
  readonly completedHours: number;
  readonly followUpDate: string | null;
  readonly phaseEndingSoon: boolean;
  readonly hasUpcoming: boolean;
  readonly followUpDone: boolean;
}

/**
 * Running and recently ended assessments with the facts the attention rules need, in one query:
 * an in-progress phase ending by `phaseLimit`, an upcoming appointment, a completed follow-up.
 */
export async function attentionCandidates(
  db: Db,
  q: { consultantId: string | undefined; phaseLimit: string; now: string },
): Promise<AttentionCandidate[]> {
  let query = db
    .selectFrom('assessments as a')
    .select((eb) => [
      'a.id',
      'a.status',
      'a.total_hours',
      'a.completed_hours',
      'a.follow_up_date',
      eb
        .exists(
          eb
            .selectFrom('assessment_phases as p')
            .select('p.id')
            .whereRef('p.assessment_id', '=', 'a.id')
            .where('p.deleted_at', 'is', null)
            .where('p.status', '=', 'in_progress')
            .where('p.phase_type', '!=', 'follow_up')
            .where('p.end_date', 'is not', null)
            .where('p.end_date', '<=', q.phaseLimit),
        )
        .as('phase_ending'),
      eb
        .exists(
          eb
            .selectFrom('appointments as ap')
            .select('ap.id')
            .whereRef('ap.assessment_id', '=', 'a.id')
            .where('ap.deleted_at', 'is', null)
            .where('ap.status', 'in', ['scheduled', 'confirmed'])
            .where('ap.start_datetime', '>=', q.now),
        )
        .as('has_upcoming'),
      eb
        .exists(
          eb
            .selectFrom('appointments as ap')
            .select('ap.id')
            .whereRef('ap.assessment_id', '=', 'a.id')
            .where('ap.deleted_at', 'is', null)
            .where('ap.status', '=', 'completed')
            .where('ap.appointment_type', '=', 'follow_up'),
        )
        .as('follow_up_done'),
    ])
    .where('a.deleted_at', 'is', null)
    .where('a.status', 'in', ['preliminary', 'investigation', 'conclusion', 'completed', 'follow_up']);
  if (q.consultantId !== undefined) query = query.where('a.consultant_id', '=', q.consultantId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    totalHours: r.total_hours ?? 2400,
    completedHours: r.completed_hours ?? 0,
    followUpDate: r.follow_up_date,
    phaseEndingSoon: Boolean(r.phase_ending),
    hasUpcoming: Boolean(r.has_upcoming),
    followUpDone: Boolean(r.follow_up_done),
  }));
}

export interface DeadlineRow {
  readonly assessmentId: string;
  readonly beneficiaryName: string;
  readonly kind: 'expected_end' | 'follow_up';
  readonly date: string;
}

/** Expected ends of running bilans and follow-ups of ended ones, from `from` (inclusive) to `to`. */
export async function upcomingDeadlines(
  db: Db,
  q: { from: string; to: string; consultantId: string | undefined; limit: number },
): Promise<DeadlineRow[]> {
  const scope = q.consultantId !== undefined ? sql`AND a.consultant_id = ${q.consultantId}` : sql``;
  const r = await sql<{
    assessment_id: string;
    first_name: string;
    last_name: string;
    kind: 'expected_end' | 'follow_up';
    date: string;
  }>`
    SELECT * FROM (
      SELECT a.id AS assessment_id, b.first_name, b.last_name, 'expected_end' AS kind, a.expected_end_date AS date
      FROM assessments a JOIN users b ON b.id = a.beneficiary_id
      WHERE a.deleted_at IS NULL AND a.status IN ('preliminary', 'investigation', 'conclusion', 'interrupted')
        AND a.expected_end_date >= ${q.from} AND a.expected_end_date <= ${q.to} ${scope}
      UNION ALL
      SELECT a.id, b.first_name, b.last_name, 'follow_up', a.follow_up_date
      FROM assessments a JOIN users b ON b.id = a.beneficiary_id
      WHERE a.deleted_at IS NULL AND a.status IN ('completed', 'follow_up')
        AND a.follow_up_date <= ${q.to} ${scope}
    ) ORDER BY date, assessment_id LIMIT ${q.limit}`.execute(db);
  return r.rows.map((x) => ({
    assessmentId: x.assessment_id,
    beneficiaryName: `${x.first_name} ${x.last_name}`,
    kind: x.kind,
    date: x.date,
  }));
}
