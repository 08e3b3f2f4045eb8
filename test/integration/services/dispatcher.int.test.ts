import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../src/shared/api/contract.js';
import { createHandlers } from '../../../src/main/ipc/handlers.js';
import { createTestApp, setupAdmin, type TestApp } from './service-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

describe('the dispatcher end to end', () => {
  it('has a handler for every channel of the contract', () => {
    const handlers = createHandlers(t.app.services);
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('refuses unknown channels and requires a session on non-public channels', async () => {
    expect(await t.raw('nope:nothing', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', rule: 'unknown_channel' },
    });
    expect(await t.raw('beneficiaries:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.raw('app:state', {})).toMatchObject({ ok: true, value: { firstRun: true } });
  });

  it('turns an invalid payload into VALIDATION naming the field, before any service runs', async () => {
    await setupAdmin(t);
    expect(await t.raw('beneficiaries:create', { firstName: 'A', lastName: 'B', email: 42 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'email' },
    });
    expect(await t.raw('assessments:changeStatus', { id: 'not-a-uuid', to: 'completed' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'id' },
    });
    expect(await t.raw('beneficiaries:list', { limit: 100000 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'limit' },
    });
    expect(await t.raw('beneficiaries:get', { id: '0190aaaa-0000-7000-8000-000000000001' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Responses are validated against the contract (checkResponses): a valid call passes.
    expect(await t.raw('beneficiaries:list', { sort: 'company', dir: 'desc' })).toMatchObject({
      ok: true,
      value: { total: 0, items: [] },
    });
  });
});
