import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/strata-error.js';
import { buildTestQuery, failingRowsQuery, storeFailuresPlan, testOutcome, testSeverity, thresholdSql } from './data-test.js';
import { planText } from './testing/plan-text.js';

const node = { unique_id: 'test.demo.not_null_orders_id', original_file_path: 'models/schema.yml' };

describe('data test SQL (golden)', () => {
  it("wraps the test's query like dbt's get_test_sql, with dbt's defaults", () => {
    expect(buildTestQuery({ compiledSql: 'select * from analytics.orders where id is null;', config: {} })).toBe(
      'select\n' +
        '  count(*) as failures,\n' +
        '  count(*) != 0 as should_warn,\n' +
        '  count(*) != 0 as should_error\n' +
        'from (\n' +
        'select * from analytics.orders where id is null\n' +
        ') dbt_internal_test',
    );
  });

  it('applies fail_calc, the thresholds and the limit (inside, on the rows counted)', async () => {
    const sql = buildTestQuery({
      compiledSql: 'select region, count(*) as n from analytics.orders group by region having count(*) > 1 -- duplicates',
      config: { severity: 'warn', fail_calc: 'sum(n)', warn_if: '>10', error_if: '>=100', limit: 50 },
    });
    await expect(`${sql}\n`).toMatchFileSnapshot('__golden__/data-test-query.sql');
  });

  it('stores failures by building the audit table aside and swapping it in, in one transaction', async () => {
    const plan = storeFailuresPlan({
      compiledSql: 'select * from analytics.orders where id is null',
      target: { database: 'postgres', schema: 'analytics_test_failures', identifier: 'not_null_orders_id' },
      runId: 'run1',
    });
    await expect(planText(plan)).toMatchFileSnapshot('__golden__/data-test-store-failures.sql');
  });

  it('fetches the first failing rows', () => {
    expect(failingRowsQuery('select * from t where x < 0;', 5)).toBe('select * from (\nselect * from t where x < 0\n) dbt_internal_test\nlimit 5');
  });
});

describe('data test outcome', () => {
  it.each([
    ['error', { failures: '0', should_warn: false, should_error: false }, 'pass', 0],
    ['error', { failures: '3', should_warn: true, should_error: true }, 'fail', 3],
    ['error', { failures: 7, should_warn: true, should_error: false }, 'warn', 7],
    ['warn', { failures: 3n, should_warn: true, should_error: true }, 'warn', 3],
    ['warn', { failures: '3', should_warn: false, should_error: true }, 'pass', 3],
    ['error', { failures: null, should_warn: null, should_error: null }, 'pass', 0],
  ] as const)('severity %s, row %# → %s', (severity, row, status, failures) => {
    expect(testOutcome(row, severity)).toEqual({ status, failures });
  });

  it('reads severity in any case, default error', () => {
    expect(testSeverity(undefined)).toBe('error');
    expect(testSeverity('WARN')).toBe('warn');
  });
});

describe('data test config errors', () => {
  it.each(['>10', '!=0', '>=5', '= 0', '<> 2', '< 1.5', ' > -1 '])('accepts threshold %j', (written) => {
    expect(thresholdSql('warn_if', written)).toMatch(/^(!=|<>|>=|<=|=|>|<) -?\d/);
  });

  it.each(['> 0 or true', '!=0; drop table x', '== 0', 'between 1 and 2', '>', '', 'is not null'])('refuses threshold %j, naming the file', (written) => {
    let error: unknown;
    try {
      buildTestQuery({ compiledSql: 'select 1', config: { error_if: written }, node });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `test.demo.not_null_orders_id: error_if must compare with a number, like ">10", "!=0" or ">=5"; got ${JSON.stringify(written)}`,
    );
    expect((error as ConfigError).where).toBe('models/schema.yml');
  });

  it.each([
    [{ severity: 'fatal' }, 'severity must be warn or error, got "fatal"'],
    [{ fail_calc: 'count(*); drop table x' }, 'fail_calc must be an SQL expression over the test\'s rows, got "count(*); drop table x"'],
    [{ fail_calc: 'count(*) -- ' }, 'fail_calc must be an SQL expression over the test\'s rows, got "count(*) -- "'],
    [{ limit: -1 }, 'limit must be a whole number of rows (0 or more), got -1'],
    [{ warn_if: 10 as unknown as string }, 'warn_if must compare with a number, like ">10", "!=0" or ">=5"; got 10'],
  ])('refuses %j', (config, message) => {
    const query = () => buildTestQuery({ compiledSql: 'select 1', config, node });
    expect(query).toThrow(ConfigError);
    expect(query).toThrow(`test.demo.not_null_orders_id: ${message}`);
  });
});
