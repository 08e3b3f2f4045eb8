import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createConsultant,
  createTestApp,
  expectOneEntryPerRow,
  expectRejectedWithoutWrites,
  lastOutboxSeq,
  login,
  outboxSince,
  setupAdmin,
  type TestApp,
} from './service-fixtures.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await setupAdmin(t);
});
afterEach(async () => {
  await t.dispose();
});

const ben = (n: number, extra: Record<string, unknown> = {}) => ({
  firstName: `Prénom${n}`,
  lastName: `Nom${n}`,
  email: `ben${n}@exemple.fr`,
  profile: { city: n % 2 ? 'Lyon' : 'Grenoble', company: `Société ${n}`, jobTitle: 'Comptable' },
  ...extra,
});

describe('beneficiaries', () => {
  it('creates a beneficiary with its profile; one outbox entry per written row', async () => {
    const seq = await lastOutboxSeq(t);
    const d = await t.call('beneficiaries:create', {
      firstName: 'Hélène',
      lastName: 'Dupont',
      email: ' Helene.Dupont@Exemple.FR ',
      phone: '06 12 34 56 78',
      profile: {
        city: 'Lyon',
        postalCode: '69003',
        birthDate: '1985-04-12',
        jobTitle: 'Infirmière',
        company: 'HCL',
        seniority: 48,
      },
    });
    expect(d).toMatchObject({
      firstName: 'Hélène',
      email: 'helene.dupont@exemple.fr',
      profile: { city: 'Lyon', postalCode: '69003', birthDate: '1985-04-12', seniority: 48, country: 'France' },
      assessments: [],
    });
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => `${e.table_name}:${e.op}`).sort()).toEqual([
      'activity_logs:insert',
      'user_profiles:insert',
      'user_roles:insert',
      'users:insert',
    ]);
    expectOneEntryPerRow(entries);
  });

  it('refuses a taken e-mail with CONFLICT on field email, writing nothing', async () => {
    await t.call('beneficiaries:create', ben(1));
    await expectRejectedWithoutWrites(t, () => t.fail('beneficiaries:create', ben(2, { email: 'BEN1@exemple.fr' })), {
      code: 'CONFLICT',
      field: 'email',
      rule: 'unique',
    });
    // A staff e-mail is taken too.
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('beneficiaries:create', ben(3, { email: 'admin@cabinet.test' })),
      {
        code: 'CONFLICT',
        field: 'email',
      },
    );
  });

  it('refuses bad input with the field and rule, writing nothing', async () => {
    await expectRejectedWithoutWrites(t, () => t.fail('beneficiaries:create', ben(1, { email: 'not-an-email' })), {
      code: 'VALIDATION',
      field: 'email',
    });
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('beneficiaries:create', { ...ben(1), profile: { postalCode: '69€' } }),
      {
        code: 'VALIDATION',
        field: 'profile.postalCode',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('beneficiaries:create', { ...ben(1), profile: { birthDate: '2030-01-01' } }),
      {
        code: 'VALIDATION',
        field: 'profile.birthDate',
        rule: 'in_future',
      },
    );
    await expectRejectedWithoutWrites(t, () => t.fail('beneficiaries:create', { ...ben(1), unknownField: 1 }), {
      code: 'VALIDATION',
    });
  });

  it('updates identity and profile, only changed fields go to the outbox', async () => {
    const d = await t.call('beneficiaries:create', ben(1));
    const seq = await lastOutboxSeq(t);
    const u = await t.call('beneficiaries:update', { id: d.id, lastName: 'Martin', profile: { city: 'Annecy' } });
    expect(u).toMatchObject({ lastName: 'Martin', profile: { city: 'Annecy', company: 'Société 1' } });
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => [e.table_name, e.op])).toEqual([
      ['users', 'update'],
      ['user_profiles', 'update'],
    ]);
    expect(JSON.parse(entries[0]!.after_json!)).toMatchObject({ last_name: 'Martin' });
    expect(JSON.parse(entries[0]!.before_json!)).toMatchObject({ last_name: 'Nom1' });
    // Saving the same values again writes nothing.
    const seq2 = await lastOutboxSeq(t);
    await t.call('beneficiaries:update', { id: d.id, lastName: 'Martin' });
    expect(await outboxSince(t, seq2)).toEqual([]);
    await t.call('beneficiaries:create', ben(2));
    expect(await t.fail('beneficiaries:update', { id: d.id, email: 'ben2@exemple.fr' })).toMatchObject({
      code: 'CONFLICT',
      field: 'email',
    });
  });

  it('lists with search, filters, sort and paging', async () => {
    for (let n = 1; n <= 12; n++) await t.call('beneficiaries:create', ben(n));
    await t.call('beneficiaries:create', {
      firstName: 'Éloïse',
      lastName: 'Bérenger',
      email: 'eloise@exemple.fr',
      profile: { city: 'Saint-Étienne', company: 'Casino' },
    });
    const all = await t.call('beneficiaries:list', { limit: 5 });
    expect(all.total).toBe(13);
    expect(all.items).toHaveLength(5);
    expect(all.items[0]!.lastName).toBe('Bérenger');
    const page3 = await t.call('beneficiaries:list', { limit: 5, offset: 10 });
    expect(page3.items).toHaveLength(3);
    expect(page3.total).toBe(13);

    // Accents and case do not matter; prefixes match.
    expect((await t.call('beneficiaries:list', { query: 'berenger' })).items.map((i) => i.firstName)).toEqual([
      'Éloïse',
    ]);
    expect((await t.call('beneficiaries:list', { query: 'saint etien' })).total).toBe(1);
    expect((await t.call('beneficiaries:list', { query: 'CASI' })).total).toBe(1);
    expect((await t.call('beneficiaries:list', { query: 'grenoble' })).total).toBe(6);
    expect((await t.call('beneficiaries:list', { query: 'grenoble société' })).total).toBe(6);
    expect((await t.call('beneficiaries:list', { query: 'ben7@' })).items.map((i) => i.email)).toEqual([
      'ben7@exemple.fr',
    ]);
    expect((await t.call('beneficiaries:list', { query: '"*)(' })).total).toBe(13);
    expect((await t.call('beneficiaries:list', { query: 'zzzz' })).total).toBe(0);

    const byCity = await t.call('beneficiaries:list', { sort: 'city', dir: 'desc', limit: 3 });
    expect(byCity.items.map((i) => i.city)).toEqual(['Saint-Étienne', 'Lyon', 'Lyon']);

    // Status and consultant filters come from the assessments.
    const target = all.items[1]!;
    const c = await createConsultant(t, 'carl');
    const a = await t.call('assessments:create', { beneficiaryId: target.id, consultantId: c.id });
    const filtered = await t.call('beneficiaries:list', { status: 'pre_registration' });
    expect(filtered.items.map((i) => i.id)).toEqual([target.id]);
    expect(filtered.items[0]).toMatchObject({
      assessmentId: a.id,
      assessmentStatus: 'pre_registration',
      consultantName: 'carl Consultant',
    });
    expect((await t.call('beneficiaries:list', { consultantId: c.id })).total).toBe(1);
    expect((await t.call('beneficiaries:list', { status: 'completed' })).total).toBe(0);
  });

  it('scopes consultants to their beneficiaries (another consultant’s is NOT_FOUND)', async () => {
    const a = await createConsultant(t, 'anna');
    const b = await createConsultant(t, 'bruno');
    const shared = await t.call('beneficiaries:create', ben(1));
    await t.call('assessments:create', { beneficiaryId: shared.id, consultantId: b.id });

    await login(t, a.email, a.password);
    const mine = await t.call('beneficiaries:create', ben(2));
    expect((await t.call('beneficiaries:list', {})).items.map((i) => i.id)).toEqual([mine.id]);
    expect(await t.fail('beneficiaries:get', { id: shared.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.fail('beneficiaries:update', { id: shared.id, lastName: 'X' })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.call('search:global', { query: 'Nom' })).beneficiaries.map((r) => r.id)).toEqual([mine.id]);

    await login(t, b.email, b.password);
    expect((await t.call('beneficiaries:list', {})).items.map((i) => i.id)).toEqual([shared.id]);
    expect((await t.call('beneficiaries:get', { id: shared.id })).assessments).toHaveLength(1);
    expect(await t.fail('beneficiaries:get', { id: mine.id })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
