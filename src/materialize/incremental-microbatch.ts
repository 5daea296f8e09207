/**
 * The `microbatch` incremental strategy: the model's rows split into time windows on `event_time`
 * (`batch_size` hour/day/month/year, from `begin` or `lookback` batches back), each batch loaded and
 * applied in its own transaction, so a failed batch is reported and retried alone while the others stay.
 * With a unique_key a batch is merged (as dbt-postgres does); without one, the batch's window is deleted
 * from the table and its rows inserted (dbt-postgres requires a unique_key; other adapters do this).
 */
import type { GraphNode } from '../parse/manifest.js';
import { collectDependentViews, dependentViewsNote } from './dependent-views.js';
import { grantStatements, readGrantConfig } from './grants.js';
import { hookStatements } from './hooks.js';
import { readIncrementalConfig } from './incremental-config.js';
import { createTempStatement, isIncrementalTable, resolveColumns, strategyStatements, tempRelation } from './incremental-load.js';
import { appendStatements } from './incremental-strategies/append.js';
import { batchSizes, microbatchWindows, windowBoundText, type BatchSize, type BatchWindow } from './incremental-strategies/microbatch-windows.js';
import { createIndexStatements, readIndexConfigs } from './indexes.js';
import type { MaterializeInput } from './input.js';
import { intermediateRelation } from './intermediate-names.js';
import { leftoverCleanup } from './leftovers.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import { assembleRelationPlan } from './plan-assembly.js';
import type { DatabaseState, Plan, PlannedStatement, RelationName } from './plan.js';
import { planSchemaChange } from './schema-change.js';
import { schemaKnownToExist } from './schema-phase.js';
import { quoteIdent, quoteLiteral, renderRelation } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';
import { swapStatements } from './swap.js';

export type { BatchWindow } from './incremental-strategies/microbatch-windows.js';

/** What a microbatch model needs beyond MaterializeInput. */
export interface MicrobatchInput extends MaterializeInput {
  /**
   * The model's SELECT for one batch, rendered with its refs to upstream models that have an event_time
   * filtered to the window (dbt's behaviour). Without it, `compiledSql` is wrapped and filtered on the
   * model's own event_time: correct, but every batch reads all the upstream rows.
   */
  readonly batchSql?: (window: BatchWindow) => string | Promise<string>;
  /** `--event-time-start` / `--event-time-end`: an explicit range (a backfill or a retry of failed batches). */
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** The current time; defaults to the clock (tests pass a fixed one). */
  readonly now?: Date;
}

export interface MicrobatchBatchPlan {
  readonly window: BatchWindow;
  /** One transactional phase: load the window's rows into a temp table and apply them. */
  readonly plan: Plan;
}

export interface MicrobatchPlan {
  readonly target: RelationName;
  /** Runs first: schema, pre-hooks, the (empty) table on a first run or full refresh, schema changes otherwise. */
  readonly setup: Plan;
  /** Oldest first; each runs alone, and one failing does not undo the others. */
  readonly batches: readonly MicrobatchBatchPlan[];
  /** Runs last: post-hooks. */
  readonly teardown: Plan;
  readonly notes: readonly string[];
}

interface MicrobatchConfig {
  readonly eventTime: string;
  readonly batchSize: BatchSize;
  readonly lookback: number;
  readonly begin?: Date;
}

function parseBegin(node: GraphNode, value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const text = value.trim().replace(' ', 'T');
    const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}${text.includes('T') ? '' : 'T00:00:00'}Z`;
    const date = new Date(withZone);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new MaterializationConfigError(`${node.unique_id}: begin ${JSON.stringify(value)} is not a date or timestamp`, nodeErrorOptions(node, "write begin as '2024-01-01' or '2024-01-01 00:00:00' (UTC)"));
}

function readMicrobatchConfig(node: GraphNode): MicrobatchConfig {
  const { event_time: eventTime, batch_size: batchSize, lookback = 1, begin } = node.config;
  if (typeof eventTime !== 'string' || eventTime.trim() === '') {
    throw new MaterializationConfigError(`${node.unique_id}: incremental_strategy microbatch needs event_time`, nodeErrorOptions(node, "set event_time to the column holding each row's time, e.g. event_time: 'created_at'"));
  }
  if (typeof batchSize !== 'string' || !(batchSizes as readonly string[]).includes(batchSize)) {
    throw new MaterializationConfigError(`${node.unique_id}: batch_size must be one of ${batchSizes.join(', ')}, got ${JSON.stringify(batchSize)}`, nodeErrorOptions(node, "set batch_size: 'day' (or hour, month, year)"));
  }
  if (typeof lookback !== 'number' || !Number.isInteger(lookback) || lookback < 0) {
    throw new MaterializationConfigError(`${node.unique_id}: lookback must be a whole number of batches (0 or more), got ${JSON.stringify(lookback)}`, nodeErrorOptions(node, 'set lookback: 1 (the default) or another whole number'));
  }
  return { eventTime, batchSize: batchSize as BatchSize, lookback, begin: parseBegin(node, begin) };
}

/** `select * from (model) where event_time in the window`: the batch SQL when the caller supplies none. */
export function filteredBatchSql(compiledSql: string, eventTime: string, window: BatchWindow): string {
  const column = quoteIdent(eventTime);
  return `select * from ${embeddedSelect(compiledSql)} as model_rows\nwhere model_rows.${column} >= ${quoteLiteral(windowBoundText(window.start))}\n  and model_rows.${column} < ${quoteLiteral(windowBoundText(window.end))}`;
}

function deleteWindowStatement(target: RelationName, eventTime: string, window: BatchWindow): PlannedStatement {
  const column = quoteIdent(eventTime);
  return statement(
    `delete from ${renderRelation(target)}\nwhere ${column} >= ${quoteLiteral(windowBoundText(window.start))}\n  and ${column} < ${quoteLiteral(windowBoundText(window.end))}`,
    `delete the rows of batch ${window.id}`,
  );
}

/** Plans a microbatch model: setup, one plan per batch, teardown. */
export async function planMicrobatch(input: MicrobatchInput, db: DatabaseState): Promise<MicrobatchPlan> {
  const { node, target, runId } = input;
  const config = readIncrementalConfig(node);
  const mb = readMicrobatchConfig(node);
  const existing = await db.relation(target);
  const fromScratch = !isIncrementalTable(existing) || input.fullRefresh;
  if (fromScratch && !mb.begin && !input.eventTimeStart) {
    throw new MaterializationConfigError(`${node.unique_id}: a microbatch model built from scratch needs begin (where its first batch starts)`, nodeErrorOptions(node, "set begin: '2024-01-01' (UTC), or give an explicit start time for the run"));
  }
  const windows = microbatchWindows({ ...mb, fromScratch, eventTimeStart: input.eventTimeStart, eventTimeEnd: input.eventTimeEnd, now: input.now ?? new Date() });
  const sqlFor = async (window: BatchWindow): Promise<string> => (input.batchSql ? input.batchSql(window) : filteredBatchSql(input.compiledSql, mb.eventTime, window));
  const shapeSql = windows[0] ? await sqlFor(windows[0]) : input.compiledSql;
  const queryColumns = await db.queryColumns(shapeSql);
  const columnNames = queryColumns.map((c) => c.name);
  const [eventTime] = resolveColumns(node, 'event_time', [mb.eventTime], columnNames);
  const grants = readGrantConfig(node);
  const preHooks = hookStatements(input.preHooks, 'pre_hook');
  const postHooks = hookStatements(input.postHooks, 'post_hook');
  const notes = [...config.notes];

  const build: PlannedStatement[] = [];
  let destColumns: readonly string[] = columnNames;
  let cleanup: Awaited<ReturnType<typeof leftoverCleanup>> = { statements: [], dropped: [] };
  if (fromScratch) {
    cleanup = await leftoverCleanup(target, runId, db);
    const buildAt = existing ? intermediateRelation(target, 'tmp', runId) : target;
    build.push(statement(`create table ${renderRelation(buildAt)} as ${embeddedSelect(shapeSql)} with no data`, `create ${target.identifier} empty, with the batches' columns`));
    build.push(...createIndexStatements(buildAt, target, readIndexConfigs(node), runId));
    build.push(...grantStatements(buildAt, grants));
    if (existing) {
      const dependents = await collectDependentViews(target, db, input.ownedViews);
      build.push(...swapStatements({ existing, built: buildAt, builtKind: 'table', backup: intermediateRelation(target, 'backup', runId), dependents }));
      notes.push(...dependentViewsNote(dependents));
    }
  } else {
    const schemaChange = planSchemaChange(node, config.onSchemaChange, target, await db.columns(target), queryColumns);
    build.push(...schemaChange.statements);
    if (grants.size > 0) build.push(...grantStatements(target, grants, await db.grants?.(target)));
    destColumns = schemaChange.destColumns;
    notes.push(...schemaChange.notes);
  }
  const setup = assembleRelationPlan({
    target,
    schemaExists: existing !== undefined || (await schemaKnownToExist(db, target)),
    preHooks,
    postHooks: { outside: [], inside: [] },
    cleanup: cleanup.statements,
    build,
    notes: [],
    creates: [{ name: target, kind: 'table' }],
    drops: cleanup.dropped,
  });

  const batches: MicrobatchBatchPlan[] = [];
  for (const [index, window] of windows.entries()) {
    const temp = tempRelation(target, `${runId}_${index + 1}`);
    const sql = await sqlFor(window);
    const apply =
      config.uniqueKey.length > 0
        ? await strategyStatements({ node, config, target, temp, destColumns, queryColumns }, db, 'microbatch')
        : [deleteWindowStatement(target, eventTime!, window), ...appendStatements({ target, source: renderRelation(temp), destColumns, uniqueKey: [], predicates: [], updateColumns: [] })];
    batches.push({
      window,
      plan: {
        target,
        phases: [{ transactional: true, statements: [createTempStatement(temp, sql), ...apply] }],
        notes: [],
        creates: [],
        drops: [],
      },
    });
  }
  const teardown: Plan = {
    target,
    phases: [
      { transactional: true, statements: postHooks.inside },
      { transactional: false, statements: postHooks.outside },
    ].filter((phase) => phase.statements.length > 0),
    notes: [],
    creates: [],
    drops: [],
  };
  if (windows.length === 0) notes.push('no batches to run');
  return { target, setup, batches, teardown, notes };
}

/** A microbatch plan as one Plan (setup, each batch's transaction, teardown), for callers that run plans whole. */
export function flattenMicrobatchPlan(plan: MicrobatchPlan): Plan {
  return {
    target: plan.target,
    phases: [...plan.setup.phases, ...plan.batches.flatMap((batch) => batch.plan.phases), ...plan.teardown.phases],
    notes: [...plan.notes, `${plan.batches.length} batch${plan.batches.length === 1 ? '' : 'es'}${plan.batches.length ? ` from ${plan.batches[0]!.window.id} to ${plan.batches[plan.batches.length - 1]!.window.id}` : ''}`],
    creates: plan.setup.creates,
    drops: plan.setup.drops,
  };
}

