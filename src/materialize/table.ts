/**
 * The `table` materialization: build the whole table under an intermediate name, then swap it in within
 * the same transaction, re-creating the views that depend on the previous table. A failed build leaves
 * the previous table (and its views) as they were; readers never see the table missing.
 */
import { assertContractMatches, contractTable, isContractEnforced, type ConstraintRename } from './contract.js';
import { collectDependentViews, dependentViewsNote, type ViewToRecreate } from './dependent-views.js';
import { grantStatements, readGrantConfig } from './grants.js';
import { hookStatements } from './hooks.js';
import { createIndexStatements, readIndexConfigs } from './indexes.js';
import type { MaterializeInput } from './input.js';
import { intermediateRelation } from './intermediate-names.js';
import { leftoverCleanup } from './leftovers.js';
import { assertReplaceableKind } from './replaceable-kind.js';
import { partitionedBuildStatements, partitionRenameStatement, readPartitionConfig } from './partitioning.js';
import { persistDocsStatements, readPersistDocsConfig } from './persist-docs.js';
import { assembleRelationPlan } from './plan-assembly.js';
import { schemaKnownToExist } from './schema-phase.js';
import type { DatabaseState, Plan, PlannedStatement, RelationName } from './plan.js';
import { quoteIdent, renderRelation } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';
import { swapStatements } from './swap.js';

/** Plans building `input.node` as a table (dbt's `table`). */
export async function materializeTable(input: MaterializeInput, db: DatabaseState): Promise<Plan> {
  const { node, target, runId, compiledSql } = input;
  // Read every config first: a config mistake is reported before any question goes to the database.
  const indexes = readIndexConfigs(node);
  const grants = readGrantConfig(node);
  const docs = readPersistDocsConfig(node);
  const partition = readPartitionConfig(node);
  const contracted = isContractEnforced(node);
  const unlogged = node.config.unlogged === true;

  const existing = await db.relation(target);
  if (existing) assertReplaceableKind(node, existing);
  const queryColumns = contracted || docs.columns || partition ? await db.queryColumns(compiledSql) : [];
  if (contracted) assertContractMatches(node, queryColumns);
  const cleanup = await leftoverCleanup(target, runId, db);

  const buildAt = existing ? intermediateRelation(target, 'tmp', runId) : target;
  const build: PlannedStatement[] = [];
  let constraintRenames: readonly ConstraintRename[] = [];
  if (partition) {
    build.push(...partitionedBuildStatements({ node, on: buildAt, target, sql: compiledSql, partition, queryColumns, unlogged, runId }));
  } else if (contracted) {
    const table = contractTable(node, buildAt, compiledSql, { unlogged, buildTag: existing ? runId : undefined });
    constraintRenames = table.constraintRenames;
    build.push(statement(table.createSql, 'create the table from the contract'), statement(table.insertSql, 'fill the table', true));
  } else {
    build.push(
      statement(`create ${unlogged ? 'unlogged ' : ''}table ${renderRelation(buildAt)} as ${embeddedSelect(compiledSql)}`, `build ${target.identifier}`, true),
    );
  }
  build.push(...createIndexStatements(buildAt, target, indexes, runId));
  build.push(...persistDocsStatements(node, docs, buildAt, 'table', queryColumns));
  build.push(...grantStatements(buildAt, grants));

  let dependents: readonly ViewToRecreate[] = [];
  if (existing) {
    dependents = await collectDependentViews(target, db, input.ownedViews);
    build.push(
      ...swapStatements({ existing, built: buildAt, builtKind: partition ? 'partitioned_table' : 'table', backup: intermediateRelation(target, 'backup', runId), dependents }),
    );
    build.push(...constraintRenameStatements(target, constraintRenames));
    if (partition) build.push(partitionRenameStatement(target, runId));
  }

  return assembleRelationPlan({
    target,
    schemaExists: existing !== undefined || (await schemaKnownToExist(db, target)),
    preHooks: hookStatements(input.preHooks, 'pre_hook'),
    postHooks: hookStatements(input.postHooks, 'post_hook'),
    cleanup: cleanup.statements,
    build,
    notes: [
      ...(existing && existing.kind !== 'table' && existing.kind !== 'partitioned_table' ? [`replaced the ${existing.kind.replace('_', ' ')} ${target.identifier} by a table`] : []),
      ...dependentViewsNote(dependents),
    ],
    creates: [{ name: target, kind: partition ? 'partitioned_table' : 'table' }],
    drops: cleanup.dropped,
  });
}

/** Gives user-named pk/unique constraints their names back once the previous table, which held them, is gone. */
function constraintRenameStatements(target: RelationName, renames: readonly ConstraintRename[]): PlannedStatement[] {
  return renames.map((rename) =>
    statement(
      `alter table ${renderRelation(target)} rename constraint ${quoteIdent(rename.from)} to ${quoteIdent(rename.to)}`,
      `name constraint ${rename.to}`,
    ),
  );
}
