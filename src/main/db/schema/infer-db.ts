/**
 * Kysely database types inferred from the catalogue, for each dialect. Nothing here is written by
 * hand per table: adding a column to the catalogue adds it to both database types.
 *
 *  - ServerDB: rows as node-postgres returns them with our type parsers (see db/pg/pg-types.ts):
 *    decimals as strings ("24.00"), timestamps as ISO strings, jsonb parsed, arrays as arrays.
 *  - LocalDB: rows as stored in the SQLite cache: booleans 0/1, decimals as integer hundredths,
 *    jsonb and arrays as JSON text; server-only columns are absent.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ColumnDef, TableDef } from './catalog-types.js';

export type Dialect = 'pg' | 'sqlite';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

type BaseType<C extends ColumnDef, D extends Dialect> = C extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : C['kind'] extends 'uuid' | 'varchar' | 'text' | 'timestamptz' | 'date' | 'time'
    ? string
    : C['kind'] extends 'integer' | 'bigint'
      ? number
      : C['kind'] extends 'boolean'
        ? D extends 'pg'
          ? boolean
          : number
        : C['kind'] extends 'decimal2'
          ? D extends 'pg'
            ? string
            : number
          : C['kind'] extends 'jsonb'
            ? D extends 'pg'
              ? JsonValue
              : string
            : C['kind'] extends 'uuid[]' | 'text[]'
              ? D extends 'pg'
                ? string[]
                : string
              : never;

type Nullable<C extends ColumnDef, T> = C extends { nullable: true } ? T | null : T;

/** Columns with a default may be omitted on insert. pg decimals also accept numbers on write. */
type ColumnTs<C extends ColumnDef, D extends Dialect> = C extends { default: unknown }
  ? Generated<Nullable<C, BaseType<C, D>>>
  : D extends 'pg'
    ? C['kind'] extends 'decimal2'
      ? ColumnType<Nullable<C, string>, Nullable<C, string | number>, Nullable<C, string | number>>
      : Nullable<C, BaseType<C, D>>
    : Nullable<C, BaseType<C, D>>;

type VisibleKeys<T extends TableDef, D extends Dialect> = {
  [K in keyof T['columns']]: D extends 'sqlite' ? (T['columns'][K] extends { serverOnly: true } ? never : K) : K;
}[keyof T['columns']];

interface SyncColumnsPg {
  deleted_at: string | null;
  _version: Generated<number>;
  _xid: Generated<string>;
}
interface SyncColumnsSqlite {
  deleted_at: string | null;
  _version: number | null;
}

type SyncColumns<T extends TableDef, D extends Dialect> = T['sync'] extends 'server'
  ? object
  : D extends 'pg'
    ? SyncColumnsPg
    : SyncColumnsSqlite;

export type TableRow<T extends TableDef, D extends Dialect> = {
  [K in VisibleKeys<T, D> & string]: ColumnTs<T['columns'][K], D>;
} & SyncColumns<T, D>;

export type InferDB<Tables extends readonly TableDef[], D extends Dialect> = {
  [T in Tables[number] as D extends 'sqlite' ? (T['sync'] extends 'server' ? never : T['name']) : T['name']]: TableRow<
    T,
    D
  >;
};
