import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Crafted rows: each built-in test below fails on a known number of them. */
const players = `select * from (values
    (1,    10, 'QB', 'Ann',  100, 2023, 'NFL', now() - interval '1 hour'),
    (2,    10, 'RB', '',      50, 2023, 'NFL', now() - interval '2 days'),
    (3,    20, 'WR', '  ',   300, 2024, 'NFL', now() - interval '3 days'),
    (3,    99, 'XX', 'Cy',    -5, 2024, 'NFL', now() - interval '4 days'),
    (null, 20, 'QB', 'Di',    20, 2023, 'NFL', now() - interval '5 days')
) as t(id, team_id, position, name, yards, season, league, updated_at)
`;

const schema = `version: 2
models:
  - name: players
    data_tests:
      - dbt_utils.expression_is_true:
          arguments: {expression: "yards >= 0"}
      - dbt_utils.unique_combination_of_columns:
          arguments: {combination_of_columns: [season, position]}
      - dbt_utils.equal_rowcount:
          arguments: {compare_model: "ref('teams')"}
      - dbt_utils.equality:
          arguments: {compare_model: "ref('players_but_one')"}
      - dbt_expectations.expect_table_row_count_to_be_between:
          arguments: {min_value: 1, max_value: 3}
      - dbt_utils.recency:
          arguments: {field: updated_at, datepart: day, interval: 1}
    columns:
      - name: id
        data_tests: [not_null, unique]
      - name: position
        data_tests:
          - accepted_values:
              arguments: {values: [QB, RB, WR]}
      - name: team_id
        data_tests:
          - relationships:
              arguments: {to: "ref('teams')", field: id}
      - name: yards
        data_tests:
          - dbt_utils.accepted_range:
              arguments: {min_value: 0, max_value: 250}
          - dbt_expectations.expect_column_values_to_be_between:
              arguments: {min_value: 0, max_value: 300}
      - name: name
        data_tests:
          - dbt_utils.not_empty_string
          - dbt_utils.at_least_one
          - dbt_expectations.expect_column_values_to_match_regex:
              arguments: {regex: "^[A-Z][a-z]+$"}
      - name: season
        data_tests: [dbt_utils.not_constant]
      - name: league
        data_tests: [not_constant]
`;

/** `test name:column` → [status, failing rows]. */
const expected: Record<string, [string, number]> = {
  'not_null:id': ['fail', 1],
  'unique:id': ['fail', 1],
  'accepted_values:position': ['fail', 1],
  'relationships:team_id': ['fail', 1],
  'expression_is_true:': ['fail', 1],
  'unique_combination_of_columns:': ['fail', 1],
  'equal_rowcount:': ['fail', 1],
  'equality:': ['fail', 1],
  'expect_table_row_count_to_be_between:': ['fail', 1],
  'recency:': ['pass', 0],
  'accepted_range:yards': ['fail', 2],
  'expect_column_values_to_be_between:yards': ['fail', 1],
  'not_empty_string:name': ['fail', 2],
  'at_least_one:name': ['pass', 0],
  'expect_column_values_to_match_regex:name': ['fail', 2],
  'not_constant:season': ['pass', 0],
  'not_constant:league': ['fail', 1],
};

describe.each(databaseKinds)('built-in generic tests on %s', (kind) => {
  it('each passes or fails on crafted rows with the exact failing count', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/players.sql': players,
      'models/teams.sql': 'select * from (values (10), (20)) as t(id)\n',
      'models/players_but_one.sql': "select * from {{ ref('players') }} where name <> 'Ann'\n",
      'models/schema.yml': schema,
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    expect((await runCli(['run'], dir)).code).toBe(0);
    const result = await runCli(['test'], dir);
    expect(result.code).toBe(1);
    const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string; failures: number }[];
    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
    const actual: Record<string, [string, number]> = {};
    for (const result of results) {
      const node = manifest.nodes[result.unique_id];
      actual[`${node.test_metadata.name}:${node.column_name ?? ''}`] = [result.status, result.failures];
    }
    expect(actual).toEqual(expected);
  }, 300_000);
});
