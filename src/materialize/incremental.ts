/**
 * The `incremental` materialization. A first run, a --full-refresh, or a view in the way builds the table
 * like the `table` materialization (atomically, by swap). Later runs load the model's rows (rendered with
 * is_incremental() true) into a temp table, apply on_schema_change, then the strategy — all in one
 * transaction, so a failure leaves the table as it was.
 */
import { grantStatements, readGrantConfig } from './grants.js';
import { hookStatements } from './hooks.js';
import { readIncrementalConfig } from './incremental-config.js';
import { createTempStatement, isIncrementalTable, strategyStatements, tempRelation } from './incremental-load.js';
import { flattenMicrobatchPlan, planMicrobatch } from './incremental-microbatch.js';
import type { MaterializeInput } from './input.js';
import { leftoverCleanup } from './leftovers.js';
import { assembleRelationPlan } from './plan-assembly.js';
import type { DatabaseState, Plan } from './plan.js';
import { planSchemaChange } from './schema-change.js';
import { materializeTable } from './table.js';

/** Plans building `input.node` incrementally (dbt's `incremental`); microbatch models become one phase per batch. */
export async function materializeIncremental(input: MaterializeInput, db: DatabaseState): Promise<Plan> {
  const { node, target, runId, compiledSql } = input;
  const config = readIncrementalConfig(node);
  if (config.strategy === 'microbatch') return flattenMicrobatchPlan(await planMicrobatch(input, db));

  const existing = await db.relation(target);
  if (!isIncrementalTable(existing) || input.fullRefresh) {
    const plan = await materializeTable(input, db);
    return { ...plan, notes: [...config.notes, ...plan.notes] };
  }

  const grants = readGrantConfig(node);
  const queryColumns = await db.queryColumns(compiledSql);
  const schemaChange = planSchemaChange(node, config.onSchemaChange, target, await db.columns(target), queryColumns);
  const temp = tempRelation(target, runId);
  const apply = await strategyStatements({ node, config, target, temp, destColumns: schemaChange.destColumns, queryColumns }, db);
  const cleanup = await leftoverCleanup(target, runId, db);
  return assembleRelationPlan({
    target,
    // The table is there, so its schema is.
    schemaExists: true,
    preHooks: hookStatements(input.preHooks, 'pre_hook'),
    postHooks: hookStatements(input.postHooks, 'post_hook'),
    cleanup: cleanup.statements,
    build: [
      createTempStatement(temp, compiledSql),
      ...schemaChange.statements,
      ...apply,
      ...(grants.size > 0 ? grantStatements(target, grants, await db.grants?.(target)) : []),
    ],
    notes: [...config.notes, ...schemaChange.notes],
    creates: [{ name: target, kind: existing.kind }],
    drops: cleanup.dropped,
  });
}
