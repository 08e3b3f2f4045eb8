/**
 * The data set of the role matrix: two consultants (A, B), each with one beneficiary and one
 * assessment carrying a row in every table that hangs from it, plus reference data, billing and sync
 * rows. Every row has a label; `labelOf(id)` maps an id back to it.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { uuidv7 } from '../../../../src/shared/ids.js';
import { createUser, type TestUser } from './app-role.js';

export type PersonaUser = 'admin' | 'manager' | 'consA' | 'consB' | 'benA' | 'benB';

export interface MatrixFixture {
  readonly users: Readonly<Record<PersonaUser, TestUser>>;
  readonly ids: Readonly<Record<string, string>>;
  labelOf(id: string): string;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function buildMatrixFixture(pool: pg.Pool): Promise<MatrixFixture> {
  const ids: Record<string, string> = {};
  const id = (label: string): string => (ids[label] ??= uuidv7());
  const q = (text: string, values: unknown[]): Promise<unknown> => pool.query(text, values);

  const users = {
    admin: await createUser(pool, { email: 'admin@cabinet.fr', role: 'admin', id: id('admin') }),
    manager: await createUser(pool, { email: 'manager@cabinet.fr', role: 'manager', id: id('manager') }),
    consA: await createUser(pool, { email: 'consultant.a@cabinet.fr', role: 'consultant', id: id('consA') }),
    consB: await createUser(pool, { email: 'consultant.b@cabinet.fr', role: 'consultant', id: id('consB') }),
    benA: await createUser(pool, { email: 'beneficiaire.a@exemple.fr', role: 'beneficiary', id: id('benA') }),
    benB: await createUser(pool, { email: 'beneficiaire.b@exemple.fr', role: 'beneficiary', id: id('benB') }),
  };
  for (const u of ['consA', 'consB', 'benA', 'benB'] as const) {
    await q(`INSERT INTO user_profiles (id, user_id, profile_type) VALUES ($1, $2, $3)`, [
      id(`prof_${u}`),
      id(u),
      u.startsWith('cons') ? 'consultant' : 'beneficiary',
    ]);
  }
  await q(`INSERT INTO funding_organizations (id, name, type) VALUES ($1, 'OPCO Atlas', 'opco')`, [id('fund1')]);

  // Reference data
  await q(`INSERT INTO questionnaires (id, title, category, created_by) VALUES ($1, 'Valeurs', 'values', $2)`, [
    id('q1'),
    id('admin'),
  ]);
  await q(`INSERT INTO questionnaire_sections (id, questionnaire_id, title, order_index) VALUES ($1, $2, 'S1', 1)`, [
    id('sec1'),
    id('q1'),
  ]);
  await q(
    `INSERT INTO questions (id, section_id, text, question_type, order_index) VALUES ($1, $2, 'Q?', 'scale', 1)`,
    [id('qu1'), id('sec1')],
  );
  await q(`INSERT INTO question_options (id, question_id, text, value, order_index) VALUES ($1, $2, 'Oui', '1', 1)`, [
    id('opt1'),
    id('qu1'),
  ]);
  await q(
    `INSERT INTO scoring_categories (id, questionnaire_id, name, min_score, max_score) VALUES ($1, $2, 'Cat', 0, 10)`,
    [id('cat1'), id('q1')],
  );
  await q(`INSERT INTO scoring_rules (id, question_id, category_id) VALUES ($1, $2, $3)`, [
    id('rule1'),
    id('qu1'),
    id('cat1'),
  ]);
  await q(
    `INSERT INTO interpretation_ranges (id, category_id, min_value, max_value, interpretation) VALUES ($1, $2, 0, 10, 'ok')`,
    [id('ir1'), id('cat1')],
  );
  await q(
    `INSERT INTO document_templates (id, name, category, content, format, version, created_by)
     VALUES ($1, 'Synthèse', 'synthesis', '...', 'docx', '1', $2)`,
    [id('tpl1'), id('admin')],
  );
  await q(`INSERT INTO template_variables (id, template_id, name, variable_type) VALUES ($1, $2, 'nom', 'text')`, [
    id('tv1'),
    id('tpl1'),
  ]);
  await q(`INSERT INTO template_sections (id, template_id, title) VALUES ($1, $2, 'Intro')`, [id('ts1'), id('tpl1')]);
  await q(
    `INSERT INTO notification_templates (id, name, type, event_trigger, content, recipient_roles)
     VALUES ($1, 'Rappel', 'email', 'appointment.reminder', '...', '{}')`,
    [id('nt1')],
  );

  // One assessment per consultant, with everything hanging from it.
  for (const s of ['A', 'B'] as const) {
    const cons = id(`cons${s}`);
    const ben = id(`ben${s}`);
    const asm = id(`asm${s}`);
    await q(
      `INSERT INTO assessments (id, beneficiary_id, consultant_id, status, start_date) VALUES ($1, $2, $3, 'preliminary', '2026-01-05')`,
      [asm, ben, cons],
    );
    await q(
      `INSERT INTO assessment_phases (id, assessment_id, phase_type, status) VALUES ($1, $2, 'preliminary', 'in_progress')`,
      [id(`ph${s}`), asm],
    );
    await q(
      `INSERT INTO assessment_steps (id, assessment_phase_id, name, status, order_index) VALUES ($1, $2, 'Entretien', 'pending', 1)`,
      [id(`st${s}`), id(`ph${s}`)],
    );
    await q(
      `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'privée', true)`,
      [id(`note${s}_priv`), asm, cons],
    );
    await q(
      `INSERT INTO appointments (id, assessment_id, consultant_id, beneficiary_id, title, appointment_type, start_datetime,
                                 end_datetime, duration_minutes, location_type, status)
       VALUES ($1, $2, $3, $4, 'RDV', 'preliminary', '2026-02-02T09:00:00Z', '2026-02-02T10:00:00Z', 60, 'office', 'scheduled')`,
      [id(`ap${s}`), asm, cons, ben],
    );
    await q(
      `INSERT INTO appointment_summaries (id, appointment_id, author_id, content, is_shared) VALUES ($1, $2, $3, 'cr', $4)`,
      [id(`sum${s}`), id(`ap${s}`), cons, s === 'A'],
    );
    await q(
      `INSERT INTO consultant_availabilities (id, consultant_id, day_of_week, start_time, end_time) VALUES ($1, $2, 1, '09:00', '12:00')`,
      [id(`av${s}`), cons],
    );
    await q(
      `INSERT INTO questionnaire_assignments (id, questionnaire_id, assessment_id, assigned_by, assigned_to, status)
       VALUES ($1, $2, $3, $4, $5, 'assigned')`,
      [id(`asg${s}`), id('q1'), asm, cons, ben],
    );
    await q(`INSERT INTO questionnaire_responses (id, assignment_id) VALUES ($1, $2)`, [id(`resp${s}`), id(`asg${s}`)]);
    await q(`INSERT INTO question_answers (id, response_id, question_id, scale_value) VALUES ($1, $2, $3, 4)`, [
      id(`ans${s}`),
      id(`resp${s}`),
      id('qu1'),
    ]);
    await q(`INSERT INTO response_scores (id, response_id, category_id, raw_score) VALUES ($1, $2, $3, 4)`, [
      id(`score${s}`),
      id(`resp${s}`),
      id('cat1'),
    ]);
    for (const [label, shared] of [
      [`doc${s}`, false],
      [`doc${s}_shared`, true],
    ] as const) {
      if (s === 'B' && shared) continue;
      const content = Buffer.from(`contenu ${label}`);
      const hash = sha(`contenu ${label}`);
      ids[`blob_${label}`] = hash;
      await q(`INSERT INTO file_blobs (sha256, size, content, created_by) VALUES ($1, $2, $3, $4)`, [
        hash,
        content.length,
        content,
        id('admin'),
      ]);
      await q(
        `INSERT INTO documents (id, assessment_id, name, category, file_path, status, created_by, content_sha256, beneficiary_id)
         VALUES ($1, $2, $3, 'synthesis', $4, 'draft', $5, $6, $7)`,
        [id(label), asm, label, `${label}.docx`, cons, hash, ben],
      );
    }
    await q(
      `INSERT INTO document_variables (id, document_id, variable_name, variable_value) VALUES ($1, $2, 'nom', 'x')`,
      [id(`dv${s}`), id(`doc${s}`)],
    );
    const signed = s === 'A' ? id('docA_shared') : id('docB');
    await q(
      `INSERT INTO document_signatures (id, document_id, signer_id, signer_type, signature_status) VALUES ($1, $2, $3, 'beneficiary', 'pending')`,
      [id(`sig${s}`), signed, ben],
    );
    await q(
      `INSERT INTO document_shares (id, document_id, shared_by, shared_with, permissions) VALUES ($1, $2, $3, $4, 'view')`,
      [id(`sh${s}`), signed, cons, ben],
    );
    await q(`INSERT INTO messages (id, sender_id, assessment_id, content) VALUES ($1, $2, $3, 'Bonjour')`, [
      id(`msg${s}`),
      cons,
      asm,
    ]);
    await q(`INSERT INTO message_recipients (id, message_id, recipient_id) VALUES ($1, $2, $3)`, [
      id(`rc${s}`),
      id(`msg${s}`),
      ben,
    ]);
    await q(
      `INSERT INTO message_attachments (id, message_id, file_name, file_path) VALUES ($1, $2, 'cv.pdf', 'cv.pdf')`,
      [id(`att${s}`), id(`msg${s}`)],
    );
    await q(`INSERT INTO notifications (id, user_id, type, title, content) VALUES ($1, $2, 'system', 't', 'c')`, [
      id(`n${s}`),
      ben,
    ]);
    await q(`INSERT INTO notifications (id, user_id, type, title, content) VALUES ($1, $2, 'system', 't', 'c')`, [
      id(`nCons${s}`),
      cons,
    ]);
    await q(
      `INSERT INTO sync_conflicts (id, table_name, row_id, mutation_id, author_id, device_id, kind, fields, server_values,
                                   client_before, client_after)
       VALUES ($1, 'assessments', $2, $3, $4, 'dev', 'field', '[]', '{}', '{}', '{}')`,
      [id(`sc${s}`), asm, uuidv7(), cons],
    );
    await q(
      `INSERT INTO applied_mutations (mutation_id, user_id, device_id, outcome) VALUES ($1, $2, 'dev', 'applied')`,
      [id(`am${s}`), cons],
    );
  }
  // A private note by the manager in A's assessment: consultant A must not see it.
  await q(
    `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'privée mgr', true)`,
    [id('noteA_mgr_priv'), id('asmA'), id('manager')],
  );
  await q(
    `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'partagée', false)`,
    [id('noteA_shared'), id('asmA'), id('consA')],
  );
  const orphan = Buffer.from('orphan');
  ids.blob_orphan = sha('orphan');
  await q(`INSERT INTO file_blobs (sha256, size, content, created_by) VALUES ($1, $2, $3, $4)`, [
    ids.blob_orphan,
    orphan.length,
    orphan,
    id('admin'),
  ]);

  // Billing
  await q(
    `INSERT INTO invoices (id, assessment_id, invoice_date, due_date, client_type, client_name, client_address,
                           subtotal, vat_rate, vat_amount, total, status, created_by)
     VALUES ($1, $2, '2026-03-01', '2026-03-31', 'individual', 'Client', 'Adresse', 0, 0, 0, 0, 'draft', $3)`,
    [id('invA'), id('asmA'), id('admin')],
  );
  await q(
    `INSERT INTO invoice_items (id, invoice_id, description, quantity, unit_price, vat_rate, amount) VALUES ($1, $2, 'Bilan', 1, 100, 0, 100)`,
    [id('itemA'), id('invA')],
  );
  await q(
    `INSERT INTO payments (id, invoice_id, amount, payment_date, payment_method, created_by) VALUES ($1, $2, 100, '2026-03-10', 'check', $3)`,
    [id('payA'), id('invA'), id('admin')],
  );
  await q(
    `INSERT INTO quotes (id, assessment_id, quote_date, validity_date, client_type, client_name, client_address,
                         subtotal, vat_rate, vat_amount, total, status, created_by)
     VALUES ($1, $2, '2026-01-01', '2026-02-01', 'individual', 'Client', 'Adresse', 0, 0, 0, 0, 'draft', $3)`,
    [id('quoteA'), id('asmA'), id('admin')],
  );
  await q(
    `INSERT INTO quote_items (id, quote_id, description, quantity, unit_price, vat_rate, amount) VALUES ($1, $2, 'Bilan', 1, 100, 0, 100)`,
    [id('qitemA'), id('quoteA')],
  );

  const byId = new Map(Object.entries(ids).map(([label, value]) => [value, label]));
  return {
    users,
    ids,
    labelOf(value: string) {
      return byId.get(value) ?? `?${value}`;
    },
  };
}
