import { DatabaseError } from '../adapters/database-error.js';
import type { GraphNode } from '../parse/manifest.js';
import type { Plan, RelationName } from '../materialize/plan.js';
import type { NodeOutcome } from './execute-node.js';
import { snapshotRelation } from '../materialize/snapshot.js';
import { planFor } from './materializations.js';
import { effectiveFullRefresh, executableSql, renderedHooks } from './node-sql.js';
import type { RunContext } from './run-context.js';
import { runPlan, type PlanOutcome } from './run-plan.js';
import { runPlanned } from '../materialize/replan.js';
import { seedCopyError } from './seed-copy-error.js';
import { readIncrementalConfig } from '../materialize/incremental-config.js';

/** Where a model, seed or snapshot lives. */
export function relationOf(node: GraphNode): RelationName {
  const resolved = { database: node.database, schema: node.schema, identifier: node.alias };
  return node.resource_type === 'snapshot' ? snapshotRelation(node, resolved) : resolved;
}

/** Builds a model, seed or snapshot: SQL for this run, the materialization's plan, then the plan run. */
export async function materializeNode(context: RunContext, node: GraphNode): Promise<NodeOutcome> {
  const kept = context.empty ? await keptUnderEmpty(context, node) : undefined;
  if (kept) return kept;
  const fullRefresh = effectiveFullRefresh(node, context.fullRefresh);
  const compiledSql = await executableSql(context, node, fullRefresh);
  const input = {
    node,
    target: relationOf(node),
    compiledSql,
    runId: context.runId,
    fullRefresh,
    preHooks: await renderedHooks(context, node, 'pre_hook'),
    postHooks: await renderedHooks(context, node, 'post_hook'),
    ownedViews: context.ownedViews,
    // Read by microbatch models only (MicrobatchInput).
    eventTimeStart: context.eventTimeStart,
    eventTimeEnd: context.eventTimeEnd,
  };
  let planned: { plan: Plan; result: PlanOutcome };
  try {
    planned = await runPlanned(
      input,
      (planInput) => planFor(node, planInput, context.databaseState),
      (plan) => runPlan(context.adapter, plan),
      (error) => (error instanceof DatabaseError ? error.sqlstate : undefined),
    );
  } catch (error) {
    throw (node.resource_type === 'seed' ? await seedCopyError(error, node) : undefined) ?? error;
  }
  const { plan, result: ran } = planned;
  const kind = node.resource_type === 'model' ? String(node.config.materialized) : node.resource_type;
  const rows = ran.rowsAffected;
  const message = node.resource_type === 'seed' ? `INSERT ${rows ?? 0}` : rows !== undefined ? `${kindVerb(kind)} ${rows}` : kindVerb(kind);
  return {
    status: 'success',
    message,
    adapter_response: ran.adapterResponse,
    ...(rows !== undefined ? { rows_affected: rows } : {}),
    ...('compiled_path' in node && node.compiled_path ? { compiled_path: node.compiled_path } : {}),
    ...(plan.notes.length > 0 ? { notes: plan.notes } : {}),
  };
}

/**
 * Under --empty a snapshot or a microbatch model that exists already is left as it is: reading no
 * rows, a snapshot would record every row as deleted (hard_deletes) and a microbatch model would
 * empty the time windows of its batches. dbt runs them anyway; this is history a check must not cost.
 */
async function keptUnderEmpty(context: RunContext, node: GraphNode): Promise<NodeOutcome | undefined> {
  const history = node.resource_type === 'snapshot' || (node.resource_type === 'model' && node.config.materialized === 'incremental' && readIncrementalConfig(node).strategy === 'microbatch');
  if (!history || !(await context.databaseState.relation(relationOf(node)))) return undefined;
  return {
    status: 'success',
    message: 'KEPT (--empty)',
    adapter_response: {},
    notes: [`${node.resource_type === 'snapshot' ? 'the snapshot' : 'the microbatch model'} exists and was left as it is: with --empty it would read no rows and ${node.resource_type === 'snapshot' ? 'record every row as deleted' : 'empty the windows of its batches'}`],
  };
}

function kindVerb(kind: string): string {
  switch (kind) {
    case 'view':
      return 'CREATE VIEW';
    case 'materialized_view':
      return 'CREATE MATERIALIZED VIEW';
    case 'incremental':
      return 'INSERT';
    case 'snapshot':
      return 'SNAPSHOT';
    default:
      return 'SELECT';
  }
}
