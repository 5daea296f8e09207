/**
 * The `view` materialization: `create or replace view` when PostgreSQL can replace it in place (same
 * columns, new ones only appended), which keeps its dependents and grants; otherwise the new view is
 * built under an intermediate name and swapped in, dependents re-created, in one transaction.
 */
import { assertContractMatches, isContractEnforced } from './contract.js';
import { collectDependentViews, dependentViewsNote, type ViewToRecreate } from './dependent-views.js';
import { grantStatements, readGrantConfig } from './grants.js';
import { hookStatements } from './hooks.js';
import type { MaterializeInput } from './input.js';
import { intermediateRelation } from './intermediate-names.js';
import { leftoverCleanup } from './leftovers.js';
import { persistDocsStatements, readPersistDocsConfig } from './persist-docs.js';
import { assembleRelationPlan } from './plan-assembly.js';
import { schemaKnownToExist } from './schema-phase.js';
import type { ColumnState, DatabaseState, Plan, PlannedStatement } from './plan.js';
import { assertReplaceableKind } from './replaceable-kind.js';
import { renderRelation } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';
import { swapStatements } from './swap.js';

/**
 * Why `create or replace view` cannot take the new columns, or undefined when it can: PostgreSQL only
 * lets a replaced view keep every column, in order, with the same type, and append new ones.
 */
export function inPlaceReplaceBlocker(existing: readonly ColumnState[], next: readonly ColumnState[]): string | undefined {
  for (const [i, old] of existing.entries()) {
    const now = next[i];
    if (!now) return `column ${old.name} was removed`;
    if (now.name !== old.name) return `column ${old.name} was renamed, removed or moved`;
    if (now.data_type !== old.data_type) return `column ${old.name} changed type from ${old.data_type} to ${now.data_type}`;
  }
  return undefined;
}

/** PostgreSQL's SQLSTATE when `create or replace view` cannot keep the existing view's columns. */
const INVALID_TABLE_DEFINITION = '42P16';

/** Plans building `input.node` as a view (dbt's `view`). */
export async function materializeView(input: MaterializeInput, db: DatabaseState): Promise<Plan> {
  const { node, target, runId, compiledSql } = input;
  const grants = readGrantConfig(node);
  const docs = readPersistDocsConfig(node);
  const contracted = isContractEnforced(node);

  const existing = await db.relation(target);
  if (existing) assertReplaceableKind(node, existing);
  // An existing view is replaced in place straight away when nothing needs its query's columns and
  // nothing would run twice (hooks) if the database refuses: PostgreSQL refuses `create or replace
  // view` (42P16) exactly when inPlaceReplaceBlocker finds a blocker, and then the plan is made again
  // the careful way. One statement instead of a probe of six and two catalog reads.
  const guessInPlace =
    existing?.kind === 'view' && !contracted && !docs.columns && !input.guessRefused && input.preHooks.length === 0 && input.postHooks.length === 0;
  // The query's columns cost a round trip of their own (a throwaway view): ask only when something
  // needs them (a contract, column comments, or an existing view whose columns may have changed).
  const queryColumns = !guessInPlace && (contracted || docs.columns || existing) ? await db.queryColumns(compiledSql) : [];
  if (contracted) assertContractMatches(node, queryColumns);
  const cleanup = await leftoverCleanup(target, runId, db);
  const notes: string[] = [];
  if (contracted && Object.values(node.columns).some((column) => column.constraints.length > 0)) {
    notes.push('constraints are not enforced on views; only the contract columns were checked');
  }

  const build: PlannedStatement[] = [];
  const createView = (how: string, on = target): PlannedStatement =>
    statement(`${how} ${renderRelation(on)} as ${embeddedSelect(compiledSql)}`, `${how} ${target.identifier}`);
  let dependents: readonly ViewToRecreate[] = [];

  const blocker = existing?.kind === 'view' && !guessInPlace ? inPlaceReplaceBlocker(await db.columns(target), queryColumns) : undefined;
  if (!existing) {
    build.push(createView('create view'));
    build.push(...persistDocsStatements(node, docs, target, 'view', queryColumns));
    build.push(...grantStatements(target, grants));
  } else if (existing.kind === 'view' && blocker === undefined) {
    build.push(createView('create or replace view'));
    build.push(...persistDocsStatements(node, docs, target, 'view', queryColumns));
    // The view keeps its privileges: revoke what the config no longer grants. Without grants in the
    // config they are left alone, as in dbt (granted outside the project, perhaps).
    if (grants.size > 0) build.push(...grantStatements(target, grants, await db.grants?.(target)));
  } else {
    const buildAt = intermediateRelation(target, 'tmp', runId);
    build.push(createView('create view', buildAt));
    build.push(...persistDocsStatements(node, docs, buildAt, 'view', queryColumns));
    build.push(...grantStatements(buildAt, grants));
    dependents = await collectDependentViews(target, db, input.ownedViews);
    build.push(...swapStatements({ existing, built: buildAt, builtKind: 'view', backup: intermediateRelation(target, 'backup', runId), dependents }));
    notes.push(
      existing.kind === 'view'
        ? `replaced the view ${target.identifier} by a swap: ${blocker}`
        : `replaced the ${existing.kind.replace('_', ' ')} ${target.identifier} by a view`,
    );
  }

  return assembleRelationPlan({
    target,
    schemaExists: existing !== undefined || (await schemaKnownToExist(db, target)),
    preHooks: hookStatements(input.preHooks, 'pre_hook'),
    postHooks: hookStatements(input.postHooks, 'post_hook'),
    cleanup: cleanup.statements,
    build,
    notes: [...notes, ...dependentViewsNote(dependents)],
    creates: [{ name: target, kind: 'view' }],
    drops: cleanup.dropped,
    ...(guessInPlace ? { replanOn: INVALID_TABLE_DEFINITION } : {}),
  });
}
