/**
 * node-postgres type parsers for Jalon, applied per pool (never globally):
 *  - timestamptz/timestamp → ISO-8601 UTC string with milliseconds (the columns are timestamptz(3)),
 *  - date → "YYYY-MM-DD" and time → "HH:MM:SS" kept as text (no time-zone shift),
 *  - int8 → number (our bigints are sequence values and counts, far below 2^53),
 *  - numeric → string (decimals are converted to integer hundredths by the row codec, never floats).
 */
import pg from 'pg';

const { types } = pg;

const OID = {
  int8: 20,
  timestamp: 1114,
  timestamptz: 1184,
  date: 1082,
  time: 1083,
} as const;

function toIsoUtc(value: string): string {
  // PostgreSQL prints "2026-01-31 08:00:00.123+00" (session time zone UTC is set on connect).
  const d = new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(d.getTime())) throw new Error(`Unparseable timestamp from PostgreSQL: ${value}`);
  return d.toISOString();
}

export const jalonPgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    switch (oid) {
      case OID.int8:
        return (v: string) => {
          const n = Number(v);
          if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
          return n;
        };
      case OID.timestamptz:
      case OID.timestamp:
        return toIsoUtc;
      case OID.date:
      case OID.time:
        return (v: string) => v;
      default:
        return (format === 'binary' ? types.getTypeParser(oid, 'binary') : types.getTypeParser(oid, 'text')) as (
          value: string,
        ) => unknown;
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};
