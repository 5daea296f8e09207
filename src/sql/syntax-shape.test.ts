import { describe, expect, it } from 'vitest';
import { loadSqlParser } from './parser.js';
import { checkCompiledProject, type CheckedNode } from './project-check.js';
import { syntaxShape } from './syntax-shape.js';
import { findSyntaxIssue } from './validate.js';

// Statements that differ only in what the shape leaves out, valid and invalid side by side.
const STATEMENTS = [
  `select count(*) from "db"."main"."orders" where "order_id" is null`,
  `select count(*) from "db"."main"."customers" where "customer_id" is null`,
  `select count(*) from "db"."main"."" where "order_id" is null`,
  `select * from "db"."main"."orders" where status not in ('placed', 'shipped', 'it''s')`,
  `select * from "db"."main"."orders" where status not in ('a')`,
  `select * from "db"."main"."orders" where status not in ('a',)`,
  `select B'101' as bits`,
  `select B'121' as bits`,
  `select X'1F' as bits`,
  `select X'1G' as bits`,
  `select E'tab' as text`,
  `select date '2024-01-01', interval '1 day'`,
  `select date 'not a date', interval 'never'`,
  `select "select" from "from"`,
  `select "a""b" from t`,
  `select "" from t`,
];

describe('syntaxShape', () => {
  it('gives statements of one shape the same answer from PostgreSQL’s parser', async () => {
    const parser = await loadSqlParser();
    const byShape = new Map<string, boolean[]>();
    for (const sql of STATEMENTS) {
      const shape = syntaxShape(sql);
      expect(shape, sql).toBeDefined();
      byShape.set(shape!, [...(byShape.get(shape!) ?? []), findSyntaxIssue(parser, sql) === undefined]);
    }
    for (const [shape, answers] of byShape) expect(new Set(answers).size, shape).toBe(1);
    // Shared: the two not_null tests, the two date and interval literals.
    expect(byShape.size).toBe(STATEMENTS.length - 2);
  });

  it('leaves out literal and identifier contents, keeping what the lexer checks', () => {
    expect(syntaxShape(`select 'it''s', "my ""col""" from "s"."t"`)).toBe(`select '', "x" from "x"."x"`);
    expect(syntaxShape(`select B'12', E'x', N'y', "" from t`)).toBe(`select B'12', E'x', N'y', "" from t`);
  });

  it('gives no shape where tokens are not certain without a lexer', () => {
    for (const sql of [
      `select 1 -- it's`,
      `select /* "x */ 1`,
      `select $$it's$$`,
      `select $1`,
      `select E'it\\'s'`,
      `select U&"d\\0061t"`,
      `select 'unterminated`,
    ]) {
      expect(syntaxShape(sql), sql).toBeUndefined();
    }
  });
});

describe('checkCompiledProject with shapes', () => {
  it('still reports every test whose statement does not parse, among many of one shape', async () => {
    const test = (name: string, sql: string): CheckedNode => ({
      unique_id: `test.shop.${name}`,
      resource_type: 'test',
      name,
      original_file_path: `models/schema.yml`,
      compiled_path: `target/compiled/shop/models/schema.yml/${name}.sql`,
      compiled_code: sql,
    });
    const { errors } = await checkCompiledProject([
      test('not_null_orders_id', `select * from "db"."main"."orders" where "id" is null`),
      test('not_null_customers_id', `select * from "db"."main"."customers" where "id" is null`),
      test('accepted_values_orders_status', `select * from "db"."main"."orders" where "status" not in ('placed', 'shipped')`),
      test('accepted_values_trailing_comma', `select * from "db"."main"."orders" where "status" not in ('placed', 'shipped',)`),
      test('not_null_customers_email', `select * from "db"."main"."customers" where "email" is null`),
      test('not_null_typo', `select * from "db"."main"."customers" whre "email" is null`),
    ]);
    expect(errors.map((e) => [e.nodeId, e.where])).toEqual([
      ['test.shop.accepted_values_trailing_comma', 'target/compiled/shop/models/schema.yml/accepted_values_trailing_comma.sql:1:79'],
      ['test.shop.not_null_typo', 'target/compiled/shop/models/schema.yml/not_null_typo.sql:1:44'],
    ]);
  });
});
