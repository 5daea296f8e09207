/**
 * What is known of an input's columns, to type its fixture. dbt reads the types from the database
 * and fails when the input is not built; strata takes, for each column, the first it finds of:
 *   1. the `data_type` declared for the column in a property file,
 *   2. the seed's `column_types` config,
 *   3. the type of the column in the database, when the input's relation exists,
 * and leaves a column it knows nothing of untyped (PostgreSQL types the literal: 3 is an integer,
 * 'x' is text). Every column known from any of these, or declared in a property file without a
 * type, is in the fixture (NULL unless a row sets it).
 */
import { makeRelation } from '../adapters/relation.js';
import type { RunContext } from '../execute/run-context.js';
import type { FixtureColumn } from './fixture-select.js';

/** The known columns of the node or source `inputId`, in the database's order then the declared order. */
export async function inputColumns(context: RunContext, inputId: string): Promise<FixtureColumn[]> {
  const input = context.manifest.nodes[inputId] ?? context.manifest.sources[inputId];
  if (!input) return [];
  const declared = new Map<string, FixtureColumn>();
  for (const column of Object.values(input.columns)) {
    declared.set(column.name.toLowerCase(), column.data_type ? { name: column.name, type: column.data_type } : { name: column.name });
  }
  const seedTypes = input.resource_type === 'seed' ? (input.config.column_types as Readonly<Record<string, string>> | undefined) ?? {} : {};
  for (const [name, type] of Object.entries(seedTypes)) {
    const known = declared.get(name.toLowerCase());
    if (!known?.type) declared.set(name.toLowerCase(), { name: known?.name ?? name, type });
  }
  const columns: FixtureColumn[] = [];
  for (const live of await liveColumns(context, input)) {
    const known = declared.get(live.name.toLowerCase());
    declared.delete(live.name.toLowerCase());
    columns.push({ name: live.name, type: known?.type ?? live.type });
  }
  return [...columns, ...declared.values()];
}

async function liveColumns(context: RunContext, input: NonNullable<RunContext['manifest']['nodes'][string] | RunContext['manifest']['sources'][string]>): Promise<FixtureColumn[]> {
  if (input.resource_type === 'source') return columnsOf(context, input.database, input.schema, input.identifier);
  if (input.resource_type !== 'model' && input.resource_type !== 'seed' && input.resource_type !== 'snapshot') return [];
  if (input.config.materialized === 'ephemeral') return [];
  return columnsOf(context, input.database, input.schema, input.alias);
}

async function columnsOf(context: RunContext, database: string, schema: string, identifier: string): Promise<FixtureColumn[]> {
  const { catalog } = context.adapter;
  if (!(await catalog.getRelation({ schema, identifier }))) return [];
  return (await catalog.getColumns(makeRelation(database, schema, identifier))).map((c) => ({ name: c.name, type: c.dataType }));
}
