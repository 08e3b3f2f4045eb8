/**
 * The renderer refreshes its queries from `data:changed` events through TABLE_DOMAINS. Every table a
 * change may name — each synced table of the schema catalogue and each table of the device's SQLite
 * store (a real file, migrated) — must have an entry (an unknown table refreshes every query: correct
 * but wasteful, and a sign of drift), and every domain named must be a domain of the IPC contract.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../src/main/db/schema/catalog.js';
import { syncedTables } from '../../../src/main/db/schema/catalog-index.js';
import { CHANNELS } from '../../../src/shared/api/contract.js';
import { LOCAL_ONLY_TABLES, TABLE_DOMAINS, domainsForTables } from '../../../src/renderer/lib/table-domains.js';
import { createTestSqlite } from '../../support/sqlite.js';

/** Derived or bookkeeping tables no service names in a change: the search index, the migrator's, SQLite's. */
const NOT_ANNOUNCED = /^(beneficiary_search.*|kysely_migration.*|sqlite_.*)$/;

const contractDomains = new Set(CHANNELS.map((c) => c.split(':')[0]!));

describe('TABLE_DOMAINS', () => {
  it('maps every synced table of the catalogue', () => {
    const missing = syncedTables.map((t) => t.name).filter((name) => !(name in TABLE_DOMAINS));
    expect(missing).toEqual([]);
  });

  it('maps every table of the device’s store (migrated SQLite file)', async () => {
    const local = await createTestSqlite();
    try {
      const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(local.db);
      const tables = rows.rows.map((r) => r.name).filter((name) => !NOT_ANNOUNCED.test(name));
      expect(tables).toEqual(expect.arrayContaining([...LOCAL_ONLY_TABLES]));
      expect(tables.filter((name) => !(name in TABLE_DOMAINS))).toEqual([]);
    } finally {
      await local.dispose();
    }
  });

  it('names only known tables and domains of the contract', () => {
    const known = new Set<string>([...catalog.map((t) => t.name), ...LOCAL_ONLY_TABLES]);
    expect(Object.keys(TABLE_DOMAINS).filter((t) => !known.has(t))).toEqual([]);
    const unknown = Object.entries(TABLE_DOMAINS).flatMap(([table, domains]) =>
      domains.filter((d) => !contractDomains.has(d)).map((d) => `${table} → ${d}`),
    );
    expect(unknown).toEqual([]);
  });

  it('refreshes the readers of questionnaires, documents and funders', () => {
    const domains = (tables: string[]) => {
      const d = domainsForTables(tables);
      return d === 'all' ? d : [...d].sort();
    };
    expect(domains(['question_answers'])).toEqual(['documents', 'kiosk', 'questionnaires', 'sync']);
    expect(domains(['document_signatures'])).toEqual(['documents', 'sync']);
    expect(domains(['template_sections'])).toEqual(['documents', 'sync', 'templates']);
    expect(domains(['funding_organizations'])).toEqual(['assessments', 'documents', 'fundingOrganizations', 'sync']);
    // Only an unknown table refreshes everything.
    expect(domains(['no_such_table'])).toBe('all');
    expect(domains(['activity_logs'])).toEqual(['sync']);
  });
});
