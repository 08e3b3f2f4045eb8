/**
 * Push of "a day offline": 1,000 outbox mutations over 8 tables — ten bilans seen that day, each
 * a burst of new notes, revised notes, corrected questionnaire answers, updated steps, planned and
 * moved appointments, messages and notifications, in the order a consultant would make them — sent
 * by the engine (batches of 500: one server transaction each, merge against the before values,
 * idempotency records), against a baseline measured in the same run: the equivalent 1,000 changes
 * of another device applied as plain INSERT/UPDATE statements in one transaction.
 * Target: < 2 s on loopback.
 */
import type { BenchResult } from './support/bench-types.js';
import { tableDef } from '../src/main/db/schema/catalog-index.js';
import { codecFor, type Row } from '../src/main/db/schema/row-codec.js';
import { uuidv7 } from '../src/shared/ids.js';
import { pushOutbox } from '../src/main/sync/push.js';
import { fmtMs } from './support/stats.js';
import {
  createBenchDevice,
  createBenchServer,
  seedFirm,
  type BenchDevice,
  type BenchServer,
} from './support/sync-bench.js';

export const title = 'Sync: push of 1,000 offline mutations over 8 tables';

async function dayOffline(d: BenchDevice, consultant: string): Promise<void> {
  const all = (table: string) => d.local.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY id`).all() as Row[];
  // The device's own scope: its consultant's bilans and what hangs from them.
  const assessments = all('assessments').filter((a) => a.consultant_id === consultant);
  const mine = new Set(assessments.map((a) => a.id));
  const notes = all('assessment_notes').filter((r) => mine.has(r.assessment_id));
  const appointments = all('appointments').filter((r) => mine.has(r.assessment_id));
  const phases = new Set(
    all('assessment_phases')
      .filter((r) => mine.has(r.assessment_id))
      .map((r) => r.id),
  );
  const steps = all('assessment_steps').filter((r) => phases.has(r.assessment_phase_id));
  const assignments = new Set(
    all('questionnaire_assignments')
      .filter((r) => mine.has(r.assessment_id))
      .map((r) => r.id),
  );
  const responses = new Set(
    all('questionnaire_responses')
      .filter((r) => assignments.has(r.assignment_id))
      .map((r) => r.id),
  );
  const answers = all('question_answers').filter((r) => responses.has(r.response_id));
  // Ten sessions (one per bilan seen that day), each a realistic burst: notes typed during the
  // interview, answers corrected with the beneficiary, appointments planned, messages, etc.
  const plan: [kind: number, count: number][] = [
    [8, 5], // assessment fields
    [0, 30], // new notes
    [2, 10], // notes revised
    [9, 10], // questionnaire answers corrected
    [7, 10], // steps updated
    [3, 5], // appointments planned
    [4, 5], // appointments updated
    [5, 15], // messages
    [6, 10], // notifications
  ];
  let n = 0;
  for (let session = 0; session < 10; session++) {
    await d.writer.transaction(async (tx) => {
      for (const [kind, count] of plan) {
        for (let k = 0; k < count; k++, n++) {
          const i = n;
          const a = assessments[session % assessments.length]!;
          const now = new Date(Date.parse('2026-03-01T08:00:00Z') + i * 60_000).toISOString();
          switch (kind) {
            case 0:
              await tx.insert('assessment_notes', {
                id: uuidv7(),
                assessment_id: a.id,
                author_id: consultant,
                content: `Note ${i}`,
              });
              break;
            case 2:
              await tx.update('assessment_notes', String(notes[i % notes.length]!.id), {
                content: `Revised ${i} ${d.session.deviceId}`,
              });
              break;
            case 3:
              await tx.insert('appointments', {
                id: uuidv7(),
                assessment_id: a.id,
                consultant_id: consultant,
                beneficiary_id: a.beneficiary_id,
                title: `Suivi ${i}`,
                appointment_type: 'follow_up',
                start_datetime: now,
                end_datetime: new Date(Date.parse(now) + 3_600_000).toISOString(),
                duration_minutes: 60,
                location_type: 'remote',
                status: 'scheduled',
              });
              break;
            case 4:
              await tx.update('appointments', String(appointments[i % appointments.length]!.id), {
                location_details: `Salle ${i} ${d.session.deviceId}`,
              });
              break;
            case 5:
              await tx.insert('messages', {
                id: uuidv7(),
                sender_id: consultant,
                assessment_id: a.id,
                content: `Message ${i}`,
              });
              break;
            case 6:
              await tx.insert('notifications', {
                id: uuidv7(),
                user_id: consultant,
                type: 'system',
                title: `N${i}`,
                content: 'Rappel',
              });
              break;
            case 7:
              await tx.update('assessment_steps', String(steps[i % steps.length]!.id), {
                description: `Fait ${i} ${d.session.deviceId}`,
              });
              break;
            case 8:
              await tx.update('assessments', String(a.id), { notes: `Synthèse partielle ${i} ${d.session.deviceId}` });
              break;
            default:
              await tx.update('question_answers', String(answers[i % answers.length]!.id), {
                answer_text: `Réponse ${i} ${d.session.deviceId}`,
              });
          }
        }
      }
    });
  }
  if (n !== 1000) throw new Error('expected 1000 mutations');
}

/** The baseline: the device's outbox applied as plain statements, one transaction, no sync logic. */
async function applyRaw(server: BenchServer, d: BenchDevice): Promise<number> {
  const entries = d.local.sqlite.prepare('SELECT * FROM outbox ORDER BY seq').all() as Row[];
  const client = await server.pool.connect();
  const start = performance.now();
  try {
    await client.query('BEGIN');
    for (const e of entries) {
      const codec = codecFor(tableDef(String(e.table_name)));
      const after = codec.toServer(JSON.parse(String(e.after_json)) as Row);
      const cols = Object.keys(after).filter((c) => c !== 'updated_at');
      if (e.op === 'insert') {
        await client.query(
          `INSERT INTO "${String(e.table_name)}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((c) => after[c]),
        );
      } else {
        await client.query(
          `UPDATE "${String(e.table_name)}" SET ${cols.map((c, i) => `"${c}" = $${i + 1}`).join(', ')} WHERE id = $${cols.length + 1}`,
          [...cols.map((c) => after[c]), e.row_id],
        );
      }
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return performance.now() - start;
}

export async function run(): Promise<BenchResult> {
  const server = await createBenchServer(4);
  try {
    const firm = await seedFirm(server.pool, 10, 10);
    // Two consultants with the same kind of day, on their own bilans: one is pushed by the engine,
    // the other applied raw as the baseline.
    const [consultant, other] = [firm.consultants[0]!, firm.consultants[1]!];
    const d1 = await createBenchDevice(server, consultant);
    const d2 = await createBenchDevice(server, other);
    await d1.engine.initialSync();
    await d2.engine.initialSync();
    await dayOffline(d1, consultant);
    await dayOffline(d2, other);

    const baselineMs = await applyRaw(server, d2);
    const start = performance.now();
    const summary = await pushOutbox(d1.local, d1.transport, { deviceId: d1.session.deviceId, batchSize: 500 });
    const jalonMs = performance.now() - start;
    const left = (d1.local.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    await d1.dispose();
    await d2.dispose();
    const ok = summary.sent === 1000 && summary.rejected === 0 && left === 0;
    return {
      lines: [
        `mutations: ${summary.sent} (applied ${summary.applied}, conflicts ${summary.conflicts}, rejected ${summary.rejected}; left in outbox ${left})`,
        `baseline (same 1,000 changes as plain statements, one transaction): ${fmtMs(baselineMs)} (${Math.round(1000 / (baselineMs / 1000))} mutations/s)`,
        `jalon push (merge, idempotency, conflicts): ${fmtMs(jalonMs)} (${Math.round(1000 / (jalonMs / 1000))} mutations/s)`,
        `ratio jalon/baseline time: ${(jalonMs / baselineMs).toFixed(2)}x`,
      ],
      target: 'all 1,000 applied in < 2 s',
      targetMet: ok && jalonMs < 2000,
    };
  } finally {
    await server.close();
  }
}
