import { describe, expect, it } from 'vitest';
import type { NodeResult, NodeStatus } from '../execute/results.js';
import { ManifestBuilder } from '../graph/testing/manifest-builder.js';
import { escapeData, escapeProperty, githubAnnotations } from './github-annotations.js';

function result(unique_id: string, status: NodeStatus, extra: Partial<NodeResult> = {}): NodeResult {
  return { unique_id, status, message: status, execution_time: 0.1, timing: [], thread_id: 'Thread-1', adapter_response: {}, ...extra };
}

// The builder's project lives at /project.
const manifest = new ManifestBuilder('shop')
  .model('stg_orders', { path: 'staging/stg_orders.sql' })
  .model('orders', { deps: ['stg_orders'] })
  .genericTest('unique', 'stg_orders', { column: 'order_id', patchPath: 'models/staging/_staging.yml' })
  .singularTest('assert_positive_totals', { deps: ['orders'], path: 'assert_positive_totals.sql' })
  .build();

describe('githubAnnotations', () => {
  it('annotates errors at the file and line their message starts with', () => {
    const lines = githubAnnotations([result('model.shop.orders', 'error', { message: 'models/orders.sql:12:5: column "x" does not exist' })], manifest);
    expect(lines).toEqual(['::error file=models/orders.sql,line=12,col=5,title=model orders errored::column "x" does not exist']);
  });

  it('annotates a located error in another file (a macro) at that file', () => {
    const lines = githubAnnotations([result('model.shop.orders', 'error', { message: '/project/macros/cents.sql:3: unknown filter "centz"' })], manifest);
    expect(lines).toEqual(['::error file=macros/cents.sql,line=3,title=model orders errored::unknown filter "centz"']);
  });

  it('annotates an unlocated error at line 1 of the node file, without repeating the file in the message', () => {
    const lines = githubAnnotations([result('model.shop.stg_orders', 'error', { message: 'models/staging/stg_orders.sql: permission denied for schema raw' })], manifest);
    expect(lines).toEqual(['::error file=models/staging/stg_orders.sql,line=1,title=model stg_orders errored::permission denied for schema raw']);
    const plain = githubAnnotations([result('model.shop.stg_orders', 'error', { message: 'could not connect to 10.0.0.1:5432: refused' })], manifest);
    expect(plain).toEqual(['::error file=models/staging/stg_orders.sql,line=1,title=model stg_orders errored::could not connect to 10.0.0.1:5432: refused']);
  });

  it('puts an error located in the compiled SQL (not in the repository) on the node file, keeping the location in the message', () => {
    const compiled = 'target/compiled/shop/models/orders.sql';
    const lines = githubAnnotations([result('model.shop.orders', 'error', { message: `${compiled}:4:1: syntax error at or near "form"`, compiled_path: compiled })], manifest);
    expect(lines).toEqual([
      `::error file=models/orders.sql,line=1,title=model orders errored::${compiled}:4:1: syntax error at or near "form"%0Acompiled query: ${compiled}`,
    ]);
  });

  it('annotates failing tests as errors and warning tests as warnings, with the compiled query', () => {
    const lines = githubAnnotations(
      [
        result('test.shop.unique_stg_orders_order_id', 'fail', { message: '2 rows failed', failures: 2, compiled_path: 'target/compiled/u.sql' }),
        result('test.shop.assert_positive_totals', 'warn', { message: '1 row failed', failures: 1 }),
      ],
      manifest,
    );
    expect(lines).toEqual([
      '::error file=models/staging/_staging.yml,line=1,title=test unique_stg_orders_order_id failed::2 rows failed%0Acompiled query: target/compiled/u.sql',
      '::warning file=tests/assert_positive_totals.sql,line=1,title=test assert_positive_totals warned::1 row failed',
    ]);
  });

  it('writes nothing for passing, successful and skipped nodes', () => {
    const lines = githubAnnotations(
      [result('model.shop.orders', 'success'), result('test.shop.assert_positive_totals', 'pass'), result('model.shop.stg_orders', 'skipped')],
      manifest,
    );
    expect(lines).toEqual([]);
  });

  it('escapes the message and properties per GitHub workflow-command rules', () => {
    const lines = githubAnnotations([result('model.shop.orders', 'error', { message: 'models/orders.sql:2: 100% wrong\r\nsee: a,b ::error x' })], manifest);
    expect(lines).toEqual(['::error file=models/orders.sql,line=2,title=model orders errored::100%25 wrong%0D%0Asee: a,b ::error x']);
    // One line per annotation: nothing in it may end the workflow command early.
    expect(lines[0]).not.toMatch(/[\r\n]/);
  });

  it('escapes : and , in file names and titles, and prefixes the project folder', () => {
    const odd = new ManifestBuilder('shop').model('a,b', { path: 'odd:dir/a,b.sql' }).build();
    const lines = githubAnnotations([result('model.shop.a,b', 'error', { message: 'boom' })], odd, { projectPath: 'warehouse' });
    expect(lines).toEqual(['::error file=warehouse/models/odd%3Adir/a%2Cb.sql,line=1,title=model a%2Cb errored::boom']);
  });

  it('escapeData and escapeProperty encode % first, so escapes are not double-encoded', () => {
    expect(escapeData('50%\n%0A')).toBe('50%25%0A%250A');
    expect(escapeProperty('a:b,c%\r')).toBe('a%3Ab%2Cc%25%0D');
  });
});
