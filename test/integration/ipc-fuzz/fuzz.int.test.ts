/**
 * The IPC boundary under hostile input. A real app (createJalonApp on a temp folder, first-run setup
 * with the demo firm, signed in as the admin) receives, on EVERY channel of the contract, random and
 * invalid payloads (fast-check, fixed seed): wrong types, missing and extra fields, huge strings, deep
 * nesting, prototype-pollution keys, NaN/Infinity, non-UUIDs, negative numbers, structured-clone
 * values (Map, Set, Date, BigInt, typed arrays)… Every reply must be the envelope
 * { ok: false, error: { code: 'VALIDATION', message } }, no exception may escape, and nothing may be
 * written (row counts of every table, outbox included, before and after each call).
 * Well-formed requests naming things that do not exist get NOT_FOUND / FORBIDDEN / CONFLICT /
 * VALIDATION (never INTERNAL) and write nothing but, for a refusal, its audit row.
 * Unknown and non-string channel names are refused with NOT_FOUND.
 */
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../../src/shared/api/contract.js';
import type { IpcResult } from '../../../src/shared/api/channel.js';
import { ERROR_CODES } from '../../../src/shared/errors.js';
import { createTestApp, setupAdmin, type TestApp } from '../services/service-fixtures.js';

let t: TestApp;
let tables: string[] = [];
let adminId = '';

beforeAll(async () => {
  t = await createTestApp();
  const state = await setupAdmin(t, true);
  adminId = state.user!.id;
  const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(
    t.app.services.ctx.db,
  );
  tables = rows.rows.map((r) => r.name);
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.app.services.ctx.db);
    out[table] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

function requestSchema(channel: Channel): z.ZodObject {
  return contract[channel].request;
}

function keysOf(channel: Channel): string[] {
  return Object.keys(requestSchema(channel).shape);
}

/** Whether main would accept the payload (a schema that throws on it refuses it: see the dispatcher). */
function isValid(channel: Channel, payload: unknown): boolean {
  try {
    return requestSchema(channel).safeParse(payload).success;
  } catch {
    return false;
  }
}

/** A payload nested `depth` levels deep ({ a: { a: … } } or [[[…]]]). */
function deep(depth: number, array: boolean): unknown {
  let v: unknown = 'fond';
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
}

/** Objects whose own keys are the prototype-pollution vectors (as JSON.parse and structured clone build them). */
const pollution = (): unknown[] => [
  JSON.parse('{"__proto__": {"polluted": "oui"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "oui"}}}'),
  JSON.parse('{"__proto__": {"isAdmin": true}, "prototype": {"polluted": "oui"}}'),
];

/** Values of every wrong kind, to put where a field is expected. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    1.5,
    '',
    ' ',
    'not-a-uuid',
    '00000000-0000-0000-0000-00000000000g',
    '2026-02-30',
    '25:99',
    '<script>alert(1)</script>',
    "'; DROP TABLE users; --",
    '\u0000',
    '𝔍𝔞𝔩𝔬𝔫',
    true,
    false,
    [],
    {},
    10n,
    new Date(Number.NaN),
    new Map([['id', 'x']]),
    new Set([1]),
    new Uint8Array([1, 2, 3]),
  ),
  fc.constantFrom<unknown>(...pollution()),
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.double({ noDefaultInfinity: false, noNaN: false }),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 2_000, max: 1_100_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 50, max: 3_000 }).chain((d) => fc.boolean().map((a) => deep(d, a))),
  fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 5 }),
  fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
);

/** Invalid payloads of a channel: not objects, wrong field types, missing/extra fields, pollution, nesting. */
function payloads(channel: Channel): fc.Arbitrary<unknown> {
  const keys = keysOf(channel);
  const field = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('id');
  const extraKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'userId', 'role', 'zzz');
  return fc.oneof(
    // Not an object at all.
    weird,
    // Every known field with a wrong value.
    fc
      .array(weird, { minLength: keys.length, maxLength: keys.length })
      .map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]))),
    // One field wrong, the others absent.
    fc.tuple(field, weird).map(([k, v]) => ({ [k]: v })),
    // Known fields plus an extra key (own property, even for __proto__).
    fc.tuple(extraKey, weird).map(([k, v]) => {
      const o: Record<string, unknown> = {};
      Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
      for (const known of keys) o[known] = v;
      return o;
    }),
    fc.constantFrom(...pollution()),
    fc.integer({ min: 100, max: 5_000 }).map((d) => deep(d, false)),
  );
}

const INVALID_PER_CHANNEL = 12;

function expectEnvelope(reply: IpcResult<unknown>, context: string): void {
  expect(reply, context).toBeTypeOf('object');
  expect(reply.ok, context).toBe(false);
  if (reply.ok) return;
  expect(ERROR_CODES, context).toContain(reply.error.code);
  expect(reply.error.message, context).toBeTypeOf('string');
}

describe('IPC fuzzing', () => {
  it('every channel refuses ≥ 10 invalid payloads with VALIDATION, writing nothing', async () => {
    let total = 0;
    const perChannel = new Map<Channel, number>();
    for (const [index, channel] of CHANNELS.entries()) {
      const samples = fc
        .sample(payloads(channel), { numRuns: 200, seed: 4242 + index })
        .filter((p) => !isValid(channel, p))
        .slice(0, INVALID_PER_CHANNEL);
      // A few fixed ones for every channel, whatever the generator drew.
      const fixed: unknown[] = [
        null,
        'texte',
        42,
        [],
        Number.NaN,
        { ...Object.fromEntries(keysOf(channel).map((k) => [k, -1])) },
      ];
      const cases = [...fixed.filter((p) => !isValid(channel, p)), ...samples];
      for (const payload of cases) {
        const before = await counts();
        let reply: IpcResult<unknown>;
        try {
          reply = await t.app.dispatch(channel, payload);
        } catch (error) {
          throw new Error(`${channel}: an exception escaped the dispatcher: ${String(error)}`);
        }
        expectEnvelope(reply, channel);
        if (!reply.ok) expect(reply.error.code, `${channel}: ${reply.error.message}`).toBe('VALIDATION');
        expect(await counts(), `${channel} wrote something`).toEqual(before);
        expect(t.app.session.current()?.id, `${channel} changed the session`).toBe(adminId);
        total++;
        perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
      }
    }
    for (const channel of CHANNELS) expect(perChannel.get(channel) ?? 0, channel).toBeGreaterThanOrEqual(10);
    expect(total).toBeGreaterThanOrEqual(1000);
    // Nothing leaked into the prototypes.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 600_000);

  it('well-formed requests naming unknown things: NOT_FOUND / FORBIDDEN / CONFLICT / VALIDATION, no write', async () => {
    const ids = fc.sample(fc.uuid({ version: 7 }), { numRuns: 400, seed: 7 });
    let next = 0;
    const id = () => ids[next++ % ids.length]!;
    const templates = (): Record<string, unknown>[] => [
      { id: id() },
      { assessmentId: id() },
      { responseId: id() },
      { appointmentId: id() },
      { documentId: id() },
      { userId: id() },
      { assignmentId: id() },
      { consultantId: id() },
      { beforeResponseId: id(), afterResponseId: id() },
      { mutationId: id(), action: 'retry' },
      { mutationId: id(), action: 'discard' },
      { id: id(), choice: 'kept_server' },
      { id: id(), isActive: false },
      { assessmentId: id(), templateId: id() },
      { id: id(), assessmentId: id() },
    ];
    let sent = 0;
    for (const channel of CHANNELS) {
      for (const payload of templates()) {
        if (!isValid(channel, payload)) continue;
        const before = await counts();
        const reply = await t.app.dispatch(channel, payload);
        if (reply.ok) {
          // A read that finds nothing is fine; it must not have written anything.
          expect(await counts(), `${channel} wrote on an unknown id`).toEqual(before);
        } else {
          expect(
            ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'VALIDATION'],
            `${channel}: ${JSON.stringify(reply.error)}`,
          ).toContain(reply.error.code);
          const after = await counts();
          if (reply.error.code === 'FORBIDDEN') {
            expect(after.activity_logs).toBe(before.activity_logs! + 1);
            expect({ ...after, activity_logs: 0, outbox: 0 }).toEqual({ ...before, activity_logs: 0, outbox: 0 });
          } else {
            expect(after, `${channel} wrote something`).toEqual(before);
          }
        }
        expect(t.app.session.current()?.id).toBe(adminId);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(30);
  }, 300_000);

  it('unknown and non-string channel names are refused with NOT_FOUND, nothing escapes', async () => {
    const names: unknown[] = [
      'nope:nothing',
      '',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'auth:login ',
      'AUTH:LOGIN',
      'auth:login\u0000',
      'x'.repeat(100_000),
      42,
      null,
      undefined,
      Number.NaN,
      {},
      [],
      ['auth:login'],
      Symbol('auth:login'),
      Object.create(null),
      10n,
      ...fc
        .sample(fc.string({ maxLength: 30 }), { numRuns: 40, seed: 99 })
        .filter((s) => !CHANNELS.includes(s as Channel)),
    ];
    const before = await counts();
    for (const name of names) {
      let reply: IpcResult<unknown>;
      try {
        reply = await t.app.dispatch(name as string, {});
      } catch (error) {
        throw new Error(`channel ${typeof name}: an exception escaped: ${String(error)}`);
      }
      expectEnvelope(reply, typeof name);
      if (!reply.ok) {
        expect(reply.error.code).toBe('NOT_FOUND');
        expect(reply.error.message.length).toBeLessThan(200);
      }
    }
    expect(await counts()).toEqual(before);
  });
});
