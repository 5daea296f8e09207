import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCompiledNodes, validateSql } from './validate.js';

const fixture = readFileSync(new URL('./__fixtures__/orders_syntax_error.sql', import.meta.url), 'utf8');

describe('validateSql', () => {
  it('accepts valid SQL, an empty model and a comment-only model', async () => {
    expect(await validateSql('select 1 as one from "db"."s"."t" where x > 2')).toBeUndefined();
    expect(await validateSql('  \n')).toBeUndefined();
    expect(await validateSql('-- nothing here yet\n')).toBeUndefined();
  });

  it('places the syntax error of the fixture at line 7, column 1, with the offending text under a caret', async () => {
    const issue = await validateSql(fixture);
    expect(issue).toEqual({
      message: 'syntax error at or near "from"',
      line: 7,
      column: 1,
      excerpt: 'from orders\n^',
    });
  });

  it('counts columns in characters even after multi-byte and astral characters', async () => {
    const issue = await validateSql("select 1,\n  'été 😀' as label y");
    expect(issue).toMatchObject({ line: 2, column: 20, message: 'syntax error at or near "y"' });
    expect(issue?.excerpt).toBe("  'été 😀' as label y\n                   ^");
  });

  it('reports an error at the end of the input after the last character', async () => {
    const issue = await validateSql('select a,\n  b +');
    expect(issue).toMatchObject({ message: 'syntax error at end of input', line: 2, column: 6 });
  });
});

describe('validateCompiledNodes', () => {
  it('returns one sql_syntax CompileError per broken node, at the compiled file, naming the model file', async () => {
    const errors = await validateCompiledNodes([
      { unique_id: 'model.shop.fine', original_file_path: 'models/fine.sql', compiled_path: 'target/compiled/shop/models/fine.sql', compiled_code: 'select 1 as x' },
      {
        unique_id: 'model.shop.customer_totals',
        original_file_path: 'models/customer_totals.sql',
        compiled_path: 'target/compiled/shop/models/customer_totals.sql',
        compiled_code: fixture,
      },
      { unique_id: 'model.shop.runtime_only', original_file_path: 'models/runtime_only.sql' },
    ]);
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error!.code).toBe('sql_syntax');
    expect(error!.exitCode).toBe(2);
    expect(error!.nodeId).toBe('model.shop.customer_totals');
    expect(error!.message).toBe('SQL syntax error in models/customer_totals.sql: syntax error at or near "from"');
    expect(error!.where).toBe('target/compiled/shop/models/customer_totals.sql:7:1');
    expect(error!.frame).toContain('> 7 | from orders');
    expect(error!.hint).toContain('models/customer_totals.sql');
  });

  it('returns no errors for nodes without compiled SQL', async () => {
    expect(await validateCompiledNodes([{ unique_id: 'model.shop.x', original_file_path: 'models/x.sql', compiled_code: ' ' }])).toEqual([]);
  });
});
