/**
 * EXPLAIN helpers for PostgreSQL integration tests: which indexes does the planner use for a query?
 *
 *   await expectIndexUsed(pg.db, pg.db.selectFrom('assessments').selectAll().where('consultant_id', '=', id),
 *     'assessments_consultant_id_idx');
 *
 * The plan is taken in a transaction with `SET LOCAL enable_seqscan = off`, so that small test tables
 * (where a sequential scan is always cheapest) still show whether a usable index exists.
 */
import { CompiledQuery, type Compilable, type Kysely, sql } from 'kysely';
import { expect } from 'vitest';

/** A Kysely query, or raw SQL with its $n parameters. */
export type ExplainableQuery = Compilable | { readonly sql: string; readonly parameters?: readonly unknown[] };

interface PlanNode {
  readonly 'Node Type'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function collectIndexNames(node: PlanNode, out: string[]): string[] {
  if (node['Index Name']) out.push(node['Index Name']);
  for (const child of node.Plans ?? []) collectIndexNames(child, out);
  return out;
}

/** The JSON plan of the query (EXPLAIN (FORMAT JSON), not executed), taken with sequential scans disabled. */
export async function explainPlan<DB>(db: Kysely<DB>, query: ExplainableQuery): Promise<PlanNode> {
  const compiled = 'compile' in query ? query.compile() : { sql: query.sql, parameters: query.parameters ?? [] };
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const result = await trx.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]),
    );
    const plan = result.rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error(`EXPLAIN returned no plan for: ${compiled.sql}`);
    return plan;
  });
}

/** Names of the indexes the plan of the query scans. */
export async function indexesUsed<DB>(db: Kysely<DB>, query: ExplainableQuery): Promise<string[]> {
  return collectIndexNames(await explainPlan(db, query), []);
}

/** Asserts that the planner uses `indexName` for the query (with sequential scans disabled). */
export async function expectIndexUsed<DB>(db: Kysely<DB>, query: ExplainableQuery, indexName: string): Promise<void> {
  const plan = await explainPlan(db, query);
  expect(collectIndexNames(plan, []), `plan: ${JSON.stringify(plan)}`).toContain(indexName);
}
