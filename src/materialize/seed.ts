/**
 * The `seed` materialization: a CSV file under seeds/ loaded into a table. The file is read, typed and
 * checked first, so a malformed file fails before the database is touched. The load is one transaction:
 * the table is emptied and refilled when its columns still fit, else (and with --full-refresh) a new table
 * is built and swapped in. Either way readers see the previous rows until the commit.
 */
import { readFile } from 'node:fs/promises';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import { comparableDataType } from './contract.js';
import { copyStatement } from './csv/copy-statement.js';
import type { SeedColumn } from './csv/seed-data.js';
import { prepareSeedLoad, type SeedLoad } from './csv/seed-guess.js';
import { collectDependentViews, dependentViewsNote, type ViewToRecreate } from './dependent-views.js';
import { grantStatements, readGrantConfig } from './grants.js';
import { hookStatements } from './hooks.js';
import { createIndexStatements, readIndexConfigs } from './indexes.js';
import type { MaterializeInput } from './input.js';
import { intermediateRelation } from './intermediate-names.js';
import { leftoverCleanup } from './leftovers.js';
import { assembleRelationPlan } from './plan-assembly.js';
import type { ColumnState, DatabaseState, Plan, PlannedStatement, RelationName } from './plan.js';
import { assertReplaceableKind } from './replaceable-kind.js';
import { schemaKnownToExist } from './schema-phase.js';
import { quoteIdent, renderRelation } from './sql-names.js';
import { statement } from './statement.js';
import { swapStatements } from './swap.js';
import type { GraphNode } from '../parse/manifest.js';

/** A seed's own configs (dbt names), read and checked before anything else. */
interface SeedConfig {
  readonly delimiter: string;
  readonly columnTypes: Readonly<Record<string, string>>;
  readonly quoteColumns: boolean;
}

function readSeedConfig(node: GraphNode): SeedConfig {
  const { delimiter = ',', column_types: columnTypes = {}, quote_columns: quoteColumns = true } = node.config;
  if (typeof delimiter !== 'string' || delimiter.length !== 1) {
    throw new MaterializationConfigError(`${node.unique_id}: delimiter must be a single character, got ${JSON.stringify(delimiter)}`, nodeErrorOptions(node, "set delimiter to one character, such as ',' ';' '|' or '\\t'"));
  }
  const typesOk =
    typeof columnTypes === 'object' && columnTypes !== null && !Array.isArray(columnTypes) && Object.values(columnTypes).every((t) => typeof t === 'string' && t.trim() !== '');
  if (!typesOk) {
    throw new MaterializationConfigError(`${node.unique_id}: column_types must map column names to SQL types`, nodeErrorOptions(node, 'write column_types as {column_name: sql_type}, e.g. {zip: varchar(10)}'));
  }
  if (typeof quoteColumns !== 'boolean') {
    throw new MaterializationConfigError(`${node.unique_id}: quote_columns must be true or false`, nodeErrorOptions(node, 'set quote_columns: true or false'));
  }
  return { delimiter, columnTypes: columnTypes as Record<string, string>, quoteColumns };
}

/** A type as compared for "the table still fits": synonyms resolved, sizes and precisions kept. */
function comparableWithModifiers(dataType: string): string {
  const modifiers = /\(([^)]*)\)/.exec(dataType)?.[1]?.replace(/\s+/g, '') ?? '';
  return `${comparableDataType(dataType)}(${modifiers})`;
}

/** Whether the existing table has exactly the seed's columns, in order, with the same types. */
function columnsFit(existing: readonly ColumnState[], columns: readonly SeedColumn[]): boolean {
  return (
    existing.length === columns.length &&
    existing.every((column, i) => column.name === columns[i]!.name && comparableWithModifiers(column.data_type) === comparableWithModifiers(columns[i]!.sqlType))
  );
}

function createTableSql(on: RelationName, columns: readonly SeedColumn[], unlogged: boolean): string {
  const list = columns.map((column) => `  ${quoteIdent(column.name)} ${column.sqlType}`).join(',\n');
  return `create ${unlogged ? 'unlogged ' : ''}table ${renderRelation(on)} (\n${list}\n)`;
}

function loadStatements(on: RelationName, data: SeedLoad, label: string): PlannedStatement[] {
  if (data.rowCount === 0) return [];
  const rows = data.rowCount === undefined ? 'the rows' : `${data.rowCount} row${data.rowCount === 1 ? '' : 's'}`;
  const purpose = `load ${rows} of ${label}${data.guessed ? ' (columns guessed from the first rows, the rest checked as they load)' : ''}`;
  return [copyStatement(on, data.columns.map((c) => c.name), { ...data.rows, ...(data.confirm ? { confirm: data.confirm } : {}) }, purpose)];
}

/** The file of a seed, for error messages: the project-relative path when known. */
function seedFile(node: GraphNode): string {
  return node.original_file_path || node.absolute_path;
}

/**
 * Plans loading a seed. `csvText` is the file's content when the caller already holds it; otherwise the
 * file at `node.absolute_path` is read.
 */
export async function materializeSeed(input: MaterializeInput, db: DatabaseState, csvText?: string): Promise<Plan> {
  const { node, target, runId } = input;
  const config = readSeedConfig(node);
  const indexes = readIndexConfigs(node);
  const grants = readGrantConfig(node);
  const unlogged = node.config.unlogged === true;
  const text = csvText ?? (await readFile(node.absolute_path, 'utf8'));
  const seedOptions = { file: seedFile(node), delimiter: config.delimiter, columnTypes: config.columnTypes, quoteColumns: config.quoteColumns };
  const data = prepareSeedLoad(text, seedOptions, !input.guessRefused);
  const notes: string[] = data.unknownDeclaredColumns.length
    ? [`column_types names ${data.unknownDeclaredColumns.map((c) => `"${c}"`).join(', ')}, not a column of ${seedFile(node)}; ignored`]
    : [];
  // Planned again after a refused guess (seed-guess.ts): say why the load took twice.
  if (input.guessRefused) notes.push(`read ${seedFile(node)} whole and loaded it again: rows after its first ones did not fit the columns those pointed to`);

  const existing = await db.relation(target);
  if (existing) assertReplaceableKind(node, existing);
  const build: PlannedStatement[] = [];
  let cleanup: Awaited<ReturnType<typeof leftoverCleanup>> = { statements: [], dropped: [] };
  let dependents: readonly ViewToRecreate[] = [];

  const refill = existing?.kind === 'table' && !input.fullRefresh && columnsFit(await db.columns(target), data.columns);
  if (refill) {
    build.push(statement(`truncate table ${renderRelation(target)}`, `empty ${target.identifier} (its columns still fit the file)`));
    build.push(...loadStatements(target, data, target.identifier));
    build.push(...grantStatements(target, grants));
  } else {
    cleanup = await leftoverCleanup(target, runId, db);
    const buildAt = existing ? intermediateRelation(target, 'tmp', runId) : target;
    build.push(statement(createTableSql(buildAt, data.columns, unlogged), `create ${target.identifier} with the file's columns`));
    build.push(...loadStatements(buildAt, data, target.identifier));
    build.push(...createIndexStatements(buildAt, target, indexes, runId));
    build.push(...grantStatements(buildAt, grants));
    if (existing) {
      dependents = await collectDependentViews(target, db, input.ownedViews);
      build.push(...swapStatements({ existing, built: buildAt, builtKind: 'table', backup: intermediateRelation(target, 'backup', runId), dependents }));
      notes.push(input.fullRefresh ? `rebuilt ${target.identifier} (full refresh)` : `rebuilt ${target.identifier}: the file's columns changed`);
    }
  }

  return assembleRelationPlan({
    target,
    schemaExists: existing !== undefined || (await schemaKnownToExist(db, target)),
    preHooks: hookStatements(input.preHooks, 'pre_hook'),
    postHooks: hookStatements(input.postHooks, 'post_hook'),
    cleanup: cleanup.statements,
    build,
    notes: [...notes, ...dependentViewsNote(dependents)],
    creates: [{ name: target, kind: 'table' }],
    drops: cleanup.dropped,
  });
}
