/**
 * The `materialized_view` materialization: created once, then `refresh materialized view` on later runs.
 * It is rebuilt under an intermediate name and swapped in (dependents re-created) on --full-refresh, when
 * its query or columns changed (dbt keeps refreshing the old query), or when it exists as another kind. Index config changes follow dbt's
 * `on_configuration_change`: apply (default; indexes changed in place), continue (note only), fail.
 */
import { assertContractMatches, isContractEnforced } from './contract.js';
import { collectDependentViews, dependentViewsNote, type ViewToRecreate } from './dependent-views.js';
import { grantStatements, readGrantConfig } from './grants.js';
import { hookStatements } from './hooks.js';
import { createIndexStatements, indexChanges, readIndexConfigs, type IndexChanges } from './indexes.js';
import type { MaterializeInput } from './input.js';
import { intermediateRelation } from './intermediate-names.js';
import { leftoverCleanup } from './leftovers.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import { persistDocsStatements, readPersistDocsConfig } from './persist-docs.js';
import { assembleRelationPlan } from './plan-assembly.js';
import { schemaKnownToExist } from './schema-phase.js';
import type { DatabaseState, Plan, PlannedStatement, RelationName } from './plan.js';
import { assertReplaceableKind } from './replaceable-kind.js';
import { quoteIdent, renderRelation } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';
import { swapStatements } from './swap.js';
import { inPlaceReplaceBlocker } from './view.js';

type OnConfigurationChange = 'apply' | 'continue' | 'fail';

function readOnConfigurationChange(input: MaterializeInput): OnConfigurationChange {
  const raw = input.node.config.on_configuration_change ?? 'apply';
  if (raw === 'apply' || raw === 'continue' || raw === 'fail') return raw;
  throw new MaterializationConfigError(
    `${input.node.unique_id}: on_configuration_change must be apply, continue or fail, got ${JSON.stringify(raw)}`,
    nodeErrorOptions(input.node, 'set on_configuration_change to apply, continue or fail'),
  );
}

function hasChanges(changes: IndexChanges | undefined): changes is IndexChanges {
  return changes !== undefined && (changes.toCreate.length > 0 || changes.toDrop.length > 0);
}

/**
 * Whether the materialized view's stored query differs from the model's SQL, both as PostgreSQL prints them.
 * A refresh re-runs the stored query, so without this check an edited model would silently keep its old SQL.
 */
async function queryChanged(db: DatabaseState, target: RelationName, sql: string): Promise<boolean> {
  if (!db.viewDefinition || !db.queryDefinition) return false;
  const stored = await db.viewDefinition(target);
  return stored !== undefined && stored !== (await db.queryDefinition(sql));
}

/** Plans building `input.node` as a materialized view (dbt's `materialized_view`). */
export async function materializeMaterializedView(input: MaterializeInput, db: DatabaseState): Promise<Plan> {
  const { node, target, runId, compiledSql } = input;
  const indexes = readIndexConfigs(node);
  const grants = readGrantConfig(node);
  const docs = readPersistDocsConfig(node);
  const onChange = readOnConfigurationChange(input);
  const contracted = isContractEnforced(node);

  const existing = await db.relation(target);
  if (existing) assertReplaceableKind(node, existing);
  const queryColumns = await db.queryColumns(compiledSql);
  if (contracted) assertContractMatches(node, queryColumns);
  const cleanup = await leftoverCleanup(target, runId, db);

  const notes: string[] = [];
  const build: PlannedStatement[] = [];
  const createBuild = (on: RelationName): PlannedStatement[] => [
    statement(`create materialized view ${renderRelation(on)} as ${embeddedSelect(compiledSql)}`, `build ${target.identifier}`, true),
    ...createIndexStatements(on, target, indexes, runId),
    ...persistDocsStatements(node, docs, on, 'materialized_view', queryColumns),
    ...grantStatements(on, grants),
  ];

  let rebuildReason: string | undefined;
  let changes: IndexChanges | undefined;
  if (existing?.kind === 'materialized_view') {
    const existingColumns = await db.columns(target);
    const columnChange =
      inPlaceReplaceBlocker(existingColumns, queryColumns) ??
      (existingColumns.length !== queryColumns.length ? 'columns were added' : undefined);
    if (input.fullRefresh) rebuildReason = 'full refresh';
    else if (columnChange) rebuildReason = columnChange;
    else if (await queryChanged(db, target, compiledSql)) rebuildReason = 'its query changed';
    else if (db.indexes) changes = indexChanges(indexes, await db.indexes(target));
  } else if (existing) {
    rebuildReason = `it exists as a ${existing.kind.replace('_', ' ')}`;
  }
  if (rebuildReason === undefined && hasChanges(changes) && onChange === 'fail') {
    throw new MaterializationConfigError(
      `${node.unique_id}: the indexes of ${target.identifier} differ from its config and on_configuration_change is fail`,
      nodeErrorOptions(node, 'run with --full-refresh, or set on_configuration_change to apply'),
    );
  }

  let dependents: readonly ViewToRecreate[] = [];
  if (!existing) {
    build.push(...createBuild(target));
  } else if (rebuildReason !== undefined) {
    const buildAt = intermediateRelation(target, 'tmp', runId);
    build.push(...createBuild(buildAt));
    dependents = await collectDependentViews(target, db, input.ownedViews);
    build.push(
      ...swapStatements({ existing, built: buildAt, builtKind: 'materialized_view', backup: intermediateRelation(target, 'backup', runId), dependents }),
    );
    notes.push(`rebuilt the materialized view ${target.identifier}: ${rebuildReason}`);
  } else {
    if (hasChanges(changes) && onChange === 'apply') {
      build.push(
        ...changes.toDrop.map((index) =>
          statement(`drop index if exists ${quoteIdent(target.schema)}.${quoteIdent(index.name)}`, `drop index ${index.name}, no longer configured`),
        ),
        ...createIndexStatements(target, target, changes.toCreate, runId),
      );
      notes.push(`applied index changes: ${changes.toCreate.length} created, ${changes.toDrop.length} dropped`);
    } else if (hasChanges(changes)) {
      notes.push('the indexes differ from the config; left as they are (on_configuration_change: continue)');
    }
    build.push(statement(`refresh materialized view ${renderRelation(target)}`, `refresh ${target.identifier}`));
    build.push(...persistDocsStatements(node, docs, target, 'materialized_view', queryColumns));
    // Without grants in the config the privileges are left alone, as in dbt.
    if (grants.size > 0) build.push(...grantStatements(target, grants, await db.grants?.(target)));
  }

  return assembleRelationPlan({
    target,
    schemaExists: existing !== undefined || (await schemaKnownToExist(db, target)),
    preHooks: hookStatements(input.preHooks, 'pre_hook'),
    postHooks: hookStatements(input.postHooks, 'post_hook'),
    cleanup: cleanup.statements,
    build,
    notes: [...notes, ...dependentViewsNote(dependents)],
    creates: [{ name: target, kind: 'materialized_view' }],
    drops: cleanup.dropped,
  });
}
