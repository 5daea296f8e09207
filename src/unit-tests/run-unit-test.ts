/**
 * Running one unit test: the tested model rendered against fixture CTEs (typed from what is known
 * of each input), the output compared with the expected rows in the database, a row diff on failure.
 */
import type { Connection } from '../adapters/adapter.js';
import { DatabaseError } from '../adapters/database-error.js';
import { quoteIdentifier } from '../adapters/quoting.js';
import { CompileError } from '../errors/strata-error.js';
import type { NodeOutcome } from '../execute/execute-node.js';
import type { RunContext } from '../execute/run-context.js';
import { writeCompiled } from '../execute/node-sql.js';
import { injectCtes } from '../parse/ephemeral-ctes.js';
import type { UnitTestGiven, UnitTestNode } from '../parse/manifest.js';
import { comparisonQuery, differingRowCount, diffRowsOf } from './comparison.js';
import { fixtureColumns, fixtureSelect, type FixtureColumn } from './fixture-select.js';
import { fixtureTable } from './fixture-table.js';
import { inputColumns } from './input-columns.js';
import { formatRowDiff } from './row-diff.js';
import { fixtureCteName, unitTestRender } from './unit-test-render.js';

/** Runs a unit test: pass when the model's rows over the expected columns equal the expected rows as multisets. */
export async function runUnitTest(context: RunContext, node: UnitTestNode): Promise<NodeOutcome> {
  const location = { file: node.original_file_path };
  const ctes: [string, string][] = [];
  for (const given of node.given) ctes.push([fixtureCteName(given), await givenSql(context, node, given)]);
  const rendered = await context.session.renderForUnitTest(node.tested_node_unique_id, unitTestRender(node, context.templateDatabase));
  const actualSql = injectCtes(rendered, ctes);

  return context.adapter.withConnection(async (connection) => {
    const actualColumns = await resultColumns(connection, actualSql).catch((error: unknown) => {
      throw withFixtureHint(error, node);
    });
    const { sql: expectedSql, columns } = await expectedRows(connection, node, actualColumns, location);
    const query = comparisonQuery(actualSql, expectedSql, columns);
    if (node.compiled_path) await writeCompiled(context, node.compiled_path, `${query}\n`);
    const diff = diffRowsOf((await connection.query(query)).rows);
    const compiled = node.compiled_path ? { compiled_path: node.compiled_path } : {};
    if (diff.length === 0) return { status: 'pass', message: 'PASS', failures: 0, adapter_response: {}, ...compiled };
    const lines = formatRowDiff(columns.map((c) => c.name), diff);
    return { status: 'fail', message: lines.join('\n'), failures: differingRowCount(diff), notes: lines, adapter_response: {}, ...compiled };
  });
}

/** The SELECT standing for one input: sql fixtures as written, dict and csv rows typed by the input's known columns. */
async function givenSql(context: RunContext, node: UnitTestNode, given: UnitTestGiven): Promise<string> {
  if (given.format === 'sql') return String(given.rows ?? '');
  const table = fixtureTable(given, `unit test '${node.name}': given ${given.input}`, { file: node.original_file_path });
  const inputId = given.input_node === 'this' ? node.tested_node_unique_id : given.input_node;
  const known = await inputColumns(context, inputId);
  return fixtureSelect(table, fixtureColumns(known, table));
}

/** The expected rows as a SELECT typed like the model's columns, and the columns compared. */
async function expectedRows(
  connection: Connection,
  node: UnitTestNode,
  actual: readonly FixtureColumn[],
  location: { file: string },
): Promise<{ sql: string; columns: FixtureColumn[] }> {
  const byName = new Map(actual.map((c) => [c.name.toLowerCase(), c]));
  const matching = (name: string): FixtureColumn => {
    const column = actual.find((c) => c.name === name) ?? byName.get(name.toLowerCase());
    if (!column)
      throw new CompileError(`unit test '${node.name}': expect names column '${name}', which model '${node.model}' does not return`, {
        location,
        nodeId: node.unique_id,
        hint: `The model returns: ${actual.map((c) => c.name).join(', ') || 'no columns'}.`,
      });
    return column;
  };
  if (node.expect.format === 'sql') {
    const written = String(node.expect.rows ?? '');
    const columns = (await resultColumns(connection, written)).map((c) => matching(c.name));
    const casts = columns.map((c) => `cast(${quoteIdentifier(c.name)} as ${c.type}) as ${quoteIdentifier(c.name)}`);
    return { sql: `select ${casts.join(', ')} from (\n${written}\n) as __strata_unit_expected_sql`, columns };
  }
  const table = fixtureTable(node.expect, `unit test '${node.name}': expect`, location);
  const columns = table.columns.map(matching);
  const renamed = { ...table, columns: columns.map((c) => c.name), rows: table.rows.map((row) => renameKeys(row, columns, table.columns)) };
  return { sql: fixtureSelect(renamed, columns), columns };
}

/** A row keyed by the model's spelling of each column. */
function renameKeys<T>(row: Readonly<Record<string, T>>, columns: readonly FixtureColumn[], written: readonly string[]): Record<string, T> {
  const out: Record<string, T> = {};
  written.forEach((name, i) => {
    if (name in row) out[columns[i]!.name] = row[name]!;
  });
  return out;
}

/** An undefined column in the model over its fixtures is most often one no fixture has: say how fixtures get their columns. */
function withFixtureHint(error: unknown, node: UnitTestNode): unknown {
  if (!(error instanceof DatabaseError) || error.sqlstate !== UNDEFINED_COLUMN) return error;
  return new CompileError(`unit test '${node.name}': ${error.message}`, {
    location: { file: node.original_file_path },
    nodeId: node.unique_id,
    hint:
      "A fixture has the columns its rows name, the input's columns declared in a property file, " +
      'and its columns in the database once it is built. Name the column in a row of the given input.',
  });
}

const UNDEFINED_COLUMN = '42703';

/** The columns a query returns, with their types, without running it over any rows. */
async function resultColumns(connection: Connection, sql: string): Promise<FixtureColumn[]> {
  const result = await connection.query(`select * from (\n${sql.replace(/;\s*$/, '')}\n) as __strata_unit_columns limit 0`);
  return result.fields.map((f) => ({ name: f.name, type: f.typeName }));
}


